import { DownloadOutlined } from '@ant-design/icons';
import { datedFileName, downloadBlob, toCsv, useL } from '@zhenxing/ui';
import { Button, Table, Typography } from 'antd';
import type { RowProblem } from '../../index.ts';

/** Every problem of a file: row, column, the value found and the reason, in the UI language. */
export function ProblemsTable({ problems }: { problems: readonly RowProblem[] }) {
  const l = useL();
  const save = () => {
    const csv = toCsv(
      [l('行', 'Row'), l('列', 'Column'), l('值', 'Value'), l('原因', 'Reason')],
      problems.map((problem) => [problem.row, problem.column || l('整行', 'whole row'), problem.value, l.text(problem.reason)]),
    );
    downloadBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), datedFileName(l('导入问题清单', 'import-problems'), 'csv'));
  };
  return (
    <div data-testid="import-problems">
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 8 }}>
        <Typography.Text type="danger" strong>
          {l(`共 ${problems.length} 处问题，请修改文件后重新预检`, `${problems.length} problems: fix the file and check it again`)}
        </Typography.Text>
        <Button size="small" icon={<DownloadOutlined />} onClick={save}>
          {l('导出问题清单', 'Export the list')}
        </Button>
      </div>
      <Table<RowProblem & { key: string }>
        size="small"
        scroll={{ x: 'max-content' }}
        dataSource={problems.map((problem, index) => ({ ...problem, key: `${problem.row}-${problem.column}-${index}` }))}
        pagination={{ pageSize: 20, showSizeChanger: true, hideOnSinglePage: true }}
        columns={[
          { key: 'row', title: l('行', 'Row'), dataIndex: 'row', width: 70 },
          { key: 'column', title: l('列', 'Column'), render: (_, problem) => problem.column || l('整行', 'whole row') },
          {
            key: 'value',
            title: l('值', 'Value'),
            render: (_, problem) => (problem.value === '' ? <Typography.Text type="secondary">{l('（空）', '(empty)')}</Typography.Text> : problem.value),
          },
          { key: 'reason', title: l('原因', 'Reason'), render: (_, problem) => l.text(problem.reason) },
        ]}
      />
    </div>
  );
}
