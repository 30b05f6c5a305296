import { App } from 'antd';
import type { ReactNode } from 'react';
import { useL } from './shell.tsx';

export interface ConfirmOptions {
  title: ReactNode;
  content?: ReactNode;
  okText?: string;
  /** Red OK button and a warning icon: for disabling, deleting, resetting. */
  danger?: boolean;
  /** Runs on OK; the dialog stays open with a spinner until it settles and closes on success. */
  onOk: () => Promise<unknown> | unknown;
}

/**
 * Confirmation before an action with consequences. Returns a function that opens the dialog;
 * errors thrown by `onOk` keep the dialog open (show them with the caller's message API).
 */
export function useConfirm(): (options: ConfirmOptions) => void {
  const { modal } = App.useApp();
  const l = useL();
  return (options) => {
    modal.confirm({
      title: options.title,
      content: options.content,
      okText: options.okText ?? l('确定', 'OK'),
      cancelText: l('取消', 'Cancel'),
      okButtonProps: { danger: options.danger ?? false },
      type: options.danger ? 'warning' : 'confirm',
      centered: true,
      onOk: async () => {
        await options.onOk();
      },
    });
  };
}
