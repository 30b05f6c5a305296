import { useQueryClient } from '@tanstack/react-query';
import { useL } from '@zhenxing/ui';
import { App, type FormInstance } from 'antd';
import { useState } from 'react';
import { applyServerErrors } from '../form-errors.ts';
import { useRegistryKey } from '../trpc.ts';

/**
 * Runs one registry write from a form: on success the registry's queries refresh and a message
 * confirms it; a refusal lands on the fields it names, or above the form (`error`) otherwise.
 */
export function useWrite(form: FormInstance, prefix = '') {
  const l = useL();
  const queryClient = useQueryClient();
  const registryKey = useRegistryKey();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const run = async (action: () => Promise<unknown>, success: string): Promise<boolean> => {
    setError(null);
    setPending(true);
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: registryKey });
      message.success(success);
      return true;
    } catch (caught) {
      if (!applyServerErrors(form, caught, l.locale, prefix)) setError(caught);
      return false;
    } finally {
      setPending(false);
    }
  };
  return { run, error, pending };
}
