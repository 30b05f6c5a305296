import { Tag, Tooltip } from 'antd';
import { useL } from '@zhenxing/ui';

export { RegionName } from '@zhenxing/ui';

/** 因疫情急需 / 优先 markers of a project. */
export function UrgencyTags({ project }: { project: { epidemicUrgent: boolean; priority: boolean; raisesIncome: boolean } }) {
  const l = useL();
  return (
    <>
      {project.priority ? (
        <Tooltip
          title={l(
            '因疫情急需且有利于脱贫户、监测户增收：优先入库、优先安排资金',
            'Epidemic-urgent and raises incomes of households out of poverty or monitored: enters and is funded first',
          )}
        >
          <Tag color="red" data-testid="priority-tag">
            {l('优先', 'Priority')}
          </Tag>
        </Tooltip>
      ) : null}
      {project.epidemicUrgent ? (
        <Tag color="volcano" data-testid="urgent-tag">
          {l('疫情急需', 'Epidemic-urgent')}
        </Tag>
      ) : null}
    </>
  );
}
