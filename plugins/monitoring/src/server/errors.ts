import { errors, ZxError } from '@zhenxing/core';
import { CASE_STEP_LABELS, type CaseStep } from '../index.ts';

export const caseNotFound = () => errors.notFound({ 'zh-CN': '该认定案件', en: 'The identification case' });
export const householdNotFound = () => errors.notFound({ 'zh-CN': '该农户', en: 'The household' });
export const objectNotFound = () => errors.notFound({ 'zh-CN': '该监测对象', en: 'The monitoring object' });
export const measureNotFound = () => errors.notFound({ 'zh-CN': '该帮扶措施', en: 'The assistance measure' });
export const eliminationNotFound = () => errors.notFound({ 'zh-CN': '该风险消除申请', en: 'The risk-elimination proposal' });

export function wrongCaseStep(current: CaseStep, expected: readonly CaseStep[]): ZxError {
  const names = expected.map((step) => CASE_STEP_LABELS[step]);
  return new ZxError(
    'CONFLICT',
    'wrong-step',
    {
      'zh-CN': `该案件当前处于“${CASE_STEP_LABELS[current]['zh-CN']}”环节，此操作只能在“${names.map((name) => name['zh-CN']).join('、')}”环节进行。请刷新后按当前环节办理。`,
      en: `The case is at "${CASE_STEP_LABELS[current].en}"; this action belongs to "${names.map((name) => name.en).join(', ')}". Reload and act on the current step.`,
    },
    { step: current, expected: [...expected] },
  );
}

export function wrongStep(current: string, expected: readonly string[]): ZxError {
  return new ZxError(
    'CONFLICT',
    'wrong-step',
    {
      'zh-CN': `当前环节为“${current}”，此操作只能在“${expected.join('、')}”环节进行。请刷新后按当前环节办理。`,
      en: `The current step is "${current}"; this action belongs to "${expected.join(', ')}". Reload and act on the current step.`,
    },
    { step: current, expected: [...expected] },
  );
}

export function reasonRequired(): ZxError {
  return errors.invalid(
    { 'zh-CN': '退回或不予通过时必须填写理由。', en: 'Give a reason when returning or rejecting.' },
    { fieldErrors: { comment: ['required'] } },
  );
}
