import { useQuery } from '@tanstack/react-query';
import type { inferOutput } from '@trpc/tanstack-react-query';
import { Alert, Card, Col, Empty, Progress, Row, Space, Table, Tag, Typography } from 'antd';
import {
  ChangedTag,
  ChartCard,
  type ChartOption,
  ErrorMessage,
  EvaluateUnder,
  formatBasisPoints,
  formatFen,
  LoadingState,
  ParameterChanges,
  QueryState,
  useL,
  useRegion,
  useRegionNames,
} from '@zhenxing/ui';
import { useMemo, type ReactNode } from 'react';
import { RegionName, useFundsYear, YearSelect } from '../shared.tsx';
import { useTRPC } from '../trpc.ts';

type Share = inferOutput<ReturnType<typeof useTRPC>['funds']['dashboard']['industryShare']>;
type ShareLine = Share['region']['central'];

export default function FundsOverview() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const [year, setYear] = useFundsYear();
  const share = useQuery(trpc.funds.dashboard.industryShare.queryOptions({ regionCode: region.code, year }));
  const spending = useQuery(trpc.funds.dashboard.spendingProgress.queryOptions({ regionCode: region.code, year }));
  const slow = useQuery(trpc.funds.dashboard.slowSpending.queryOptions({ regionCode: region.code, year }));
  const aboveCounty = region.countyCode === null;

  const countyNames = useRegionNames(useMemo(() => spending.data?.counties.map((county) => county.countyCode) ?? [], [spending.data]));
  const spendingOption = useMemo<ChartOption | null>(() => {
    if (!spending.data) return null;
    const counties = spending.data.counties;
    return {
      tooltip: { trigger: 'axis' },
      legend: {},
      grid: { left: 64, right: 16, top: 36, bottom: 32 },
      xAxis: {
        type: 'category',
        data: counties.map((county) => countyNames[county.countyCode] ?? county.countyCode),
        axisLabel: { interval: 0, rotate: counties.length > 8 ? 30 : 0 },
      },
      yAxis: { type: 'value', name: l('万元', '10k yuan') },
      series: [
        { type: 'bar', name: l('已安排', 'Allocated'), data: counties.map((county) => Math.round(county.allocatedFen / 100) / 10_000) },
        { type: 'bar', name: l('已支出', 'Paid'), data: counties.map((county) => Math.round(county.paidFen / 100) / 10_000) },
      ],
    } as ChartOption;
  }, [spending.data, countyNames, l]);

  return (
    <div data-testid="funds-overview">
      <Space style={{ marginBottom: 12 }} wrap>
        <h1 className="zx-page-title" style={{ margin: 0 }}>
          {l('衔接资金产业占比与支出进度', 'Industry share and spending')}
        </h1>
        <YearSelect value={year} onChange={setYear} />
      </Space>
      <QueryState query={share}>
        {(data) => (
          <>
            {data.countiesWithoutModule.length ? (
              <Alert
                style={{ marginBottom: 16 }}
                type="info"
                showIcon
                title={l(
                  `${data.countiesWithoutModule.length} 个县未启用衔接资金模块，未计入`,
                  `${data.countiesWithoutModule.length} counties have not enabled funds and are not counted`,
                )}
              />
            ) : null}
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={12}>
                <ShareGauge
                  testId="share-central"
                  title={l('中央衔接资金用于产业比重', 'Central funds used for industry')}
                  requirement={l('≥ 55% 且不低于上一年度', '≥ 55% and not below last year')}
                  line={data.region.central}
                />
              </Col>
              <Col xs={24} lg={12}>
                <ShareGauge
                  testId="share-four-level"
                  title={l('四级衔接资金用于产业比重', 'Four-level funds used for industry')}
                  requirement={l('≥ 52%', '≥ 52%')}
                  line={data.region.fourLevel}
                />
              </Col>
            </Row>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {l(
                `联农带农富农 ${formatFen(data.region.linksFarmersFen)} 元；到人到户 ${formatFen(data.region.reachesHouseholdsFen)} 元。参数版本 ${data.parameterVersion}`,
                `Links farmers ${formatFen(data.region.linksFarmersFen)} yuan; reaches households ${formatFen(data.region.reachesHouseholdsFen)} yuan. Parameters ${data.parameterVersion}`,
              )}
            </Typography.Paragraph>
            {aboveCounty ? <CountyShareTable data={data} /> : null}
            <Card size="small" style={{ marginTop: 16 }} title={l('按其他参数版本检验产业占比', 'Industry-share test under another parameter set')}>
              <EvaluateUnder testId="share-evaluate-under" recordedVersion={data.parameterVersion} regionCode={region.code}>
                {(version) => <ShareReplay year={year} recordedVersion={data.parameterVersion} version={version} />}
              </EvaluateUnder>
            </Card>
          </>
        )}
      </QueryState>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={14}>
          <QueryState query={spending}>
            {(data) => (
              <Card size="small" title={l('支出进度', 'Spending progress')} data-testid="spending-progress">
                <Space size="large" wrap>
                  <Progress
                    type="circle"
                    size={96}
                    percent={data.region.progressBasisPoints === null ? 0 : data.region.progressBasisPoints / 100}
                    format={() => formatBasisPoints(data.region.progressBasisPoints)}
                  />
                  <div>
                    <div>
                      {l('已安排', 'Allocated')}: <b data-testid="spending-allocated">{formatFen(data.region.allocatedFen)}</b> {l('元', 'yuan')}
                    </div>
                    <div>
                      {l('已支出', 'Paid')}: <b data-testid="spending-paid">{formatFen(data.region.paidFen)}</b> {l('元', 'yuan')}
                    </div>
                    <div>
                      {l('支出进度', 'Progress')}: <b data-testid="spending-progress-value">{formatBasisPoints(data.region.progressBasisPoints)}</b>
                    </div>
                  </div>
                </Space>
                {aboveCounty ? (
                  <div style={{ marginTop: 12 }}>
                    <ChartCard
                      title={l('分县安排与支出', 'Allocated and paid per county')}
                      option={spendingOption}
                      height={220}
                      empty={data.counties.length === 0}
                    />
                  </div>
                ) : null}
              </Card>
            )}
          </QueryState>
        </Col>
        <Col xs={24} lg={10}>
          <QueryState query={slow}>
            {(data) => (
              <Card
                size="small"
                title={l(
                  `支出进度低于 ${formatBasisPoints(data.thresholdBasisPoints)} 的县`,
                  `Counties below ${formatBasisPoints(data.thresholdBasisPoints)} spent`,
                )}
                data-testid="slow-spending"
              >
                <Table
                  size="small"
                  rowKey="countyCode"
                  pagination={false}
                  dataSource={data.slow}
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={l('没有支出缓慢的县', 'No slow-spending county')} /> }}
                  columns={[
                    { key: 'county', title: l('县（市、区）', 'County'), render: (_, row) => <RegionName code={row.countyCode} /> },
                    {
                      key: 'progress',
                      title: l('支出进度', 'Progress'),
                      align: 'right',
                      render: (_, row) => <Tag color="warning">{formatBasisPoints(row.progressBasisPoints)}</Tag>,
                    },
                    { key: 'allocated', title: l('已安排（元）', 'Allocated'), align: 'right', render: (_, row) => formatFen(row.allocatedFen) },
                    { key: 'paid', title: l('已支出（元）', 'Paid'), align: 'right', render: (_, row) => formatFen(row.paidFen) },
                  ]}
                />
                {data.nothingAllocated.length ? (
                  <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                    {l('尚未安排资金：', 'Nothing allocated yet: ')}
                    {data.nothingAllocated.map((code) => (
                      <Tag key={code}>
                        <RegionName code={code} />
                      </Tag>
                    ))}
                  </Typography.Paragraph>
                ) : null}
              </Card>
            )}
          </QueryState>
        </Col>
      </Row>
    </div>
  );
}

function ShareGauge({ title, requirement, line, testId }: { title: string; requirement: string; line: ShareLine; testId: string }) {
  const l = useL();
  const test = line.test;
  return (
    <Card
      size="small"
      title={title}
      extra={<Typography.Text type="secondary">{requirement}</Typography.Text>}
      data-testid={testId}
      data-bp={test?.shareBasisPoints ?? ''}
      data-passed={test ? String(test.passed) : ''}
    >
      <Space size="large" align="center" wrap>
        <Progress
          type="dashboard"
          size={160}
          percent={test ? test.shareBasisPoints / 100 : 0}
          status={test ? (test.passed ? 'success' : 'exception') : 'normal'}
          strokeColor={test ? (test.passed ? '#52c41a' : '#ff4d4f') : undefined}
          format={() => (
            <span style={{ fontSize: 22 }} data-testid={`${testId}-value`}>
              {test ? formatBasisPoints(test.shareBasisPoints) : '—'}
            </span>
          )}
        />
        <div style={{ minWidth: 220 }}>
          {test ? (
            <>
              <div style={{ marginBottom: 8 }}>
                {test.passed ? (
                  <Tag color="success" data-testid={`${testId}-verdict`}>
                    {l('达标', 'Pass')}
                  </Tag>
                ) : (
                  <Tag color="error" data-testid={`${testId}-verdict`}>
                    {l('未达标', 'Fail')}
                  </Tag>
                )}
              </div>
              <div>
                {l('产业', 'Industry')}: {formatFen(line.industryFen)} / {formatFen(line.totalFen)} {l('元', 'yuan')}
              </div>
              {!test.passed ? (
                <div data-testid={`${testId}-needed`}>
                  {l('还需安排到产业', 'Still to allocate to industry')}: <b>{formatFen(test.reallocationNeededFen)}</b> {l('元', 'yuan')}
                  <br />
                  <Typography.Text type="secondary">
                    {l(
                      `或追加产业资金 ${formatFen(test.additionalIndustryFundingNeededFen)} 元`,
                      `or add ${formatFen(test.additionalIndustryFundingNeededFen)} yuan of industry funding`,
                    )}
                  </Typography.Text>
                </div>
              ) : null}
              <ul style={{ margin: '8px 0 0', paddingLeft: 18, color: 'rgba(0,0,0,0.65)' }}>
                {test.reasons.map((item) => (
                  <li key={item.code} data-code={item.code}>
                    {l.text(item.message)}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <Typography.Text type="secondary">{l('本年度尚未收到此类资金', 'No such funds received this year')}</Typography.Text>
          )}
        </div>
      </Space>
    </Card>
  );
}

function CountyShareTable({ data }: { data: Share }) {
  const l = useL();
  const verdict = (line: ShareLine) =>
    line.test ? (
      <Space size={4}>
        <span>{formatBasisPoints(line.test.shareBasisPoints)}</span>
        {line.test.passed ? <Tag color="success">{l('达标', 'Pass')}</Tag> : <Tag color="error">{l('未达标', 'Fail')}</Tag>}
      </Space>
    ) : (
      '—'
    );
  return (
    <Card size="small" title={l('分县产业占比', 'Industry share per county')} style={{ marginTop: 16 }} data-testid="county-share-table">
      <Table
        size="small"
        rowKey="countyCode"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={data.counties}
        columns={[
          { key: 'county', title: l('县（市、区）', 'County'), render: (_, row) => <RegionName code={row.countyCode} /> },
          { key: 'central', title: l('中央资金产业占比', 'Central share'), render: (_, row) => verdict(row.central) },
          {
            key: 'centralNeeded',
            title: l('中央尚需（元）', 'Central needed'),
            align: 'right',
            render: (_, row) => (row.central.test && !row.central.test.passed ? formatFen(row.central.test.reallocationNeededFen) : '—'),
          },
          { key: 'four', title: l('四级资金产业占比', 'Four-level share'), render: (_, row) => verdict(row.fourLevel) },
          {
            key: 'fourNeeded',
            title: l('四级尚需（元）', 'Four-level needed'),
            align: 'right',
            render: (_, row) => (row.fourLevel.test && !row.fourLevel.test.passed ? formatFen(row.fourLevel.test.reallocationNeededFen) : '—'),
          },
          { key: 'received', title: l('收到资金（元）', 'Received'), align: 'right', render: (_, row) => formatFen(row.fourLevel.totalFen) },
        ]}
      />
    </Card>
  );
}

type Replay = inferOutput<ReturnType<typeof useTRPC>['funds']['dashboard']['industryShareReplay']>;

/**
 * The §4 industry-share test of the year under another published set: the region and each county,
 * passed or not and the amount needed each time, which verdicts change, and the numbers that differ.
 */
function ShareReplay({ year, recordedVersion, version }: { year: number; recordedVersion: string; version: string }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const replay = useQuery(trpc.funds.dashboard.industryShareReplay.queryOptions({ regionCode: region.code, year, recordedVersion, version }));
  if (replay.error) return <ErrorMessage error={replay.error} />;
  if (!replay.data) return <LoadingState />;
  const data = replay.data;
  const verdict = (test: ShareLine['test']) =>
    test === null ? (
      <Tag>{l('无资金', 'No funds')}</Tag>
    ) : (
      <Space size={4} wrap>
        <Tag color={test.passed ? 'success' : 'error'}>{test.passed ? l('达标', 'Passed') : l('未达标', 'Failed')}</Tag>
        <span>{formatBasisPoints(test.shareBasisPoints)}</span>
        {test.passed ? null : <small>{l(`需调整 ${formatFen(test.reallocationNeededFen)} 元`, `move ${formatFen(test.reallocationNeededFen)} yuan`)}</small>}
      </Space>
    );
  type Row = { key: string; name: ReactNode; both: Replay['region'] };
  const rows: Row[] = [
    { key: 'region', name: l('本区划合计', 'Region total'), both: data.region },
    ...data.counties.map((county) => ({ key: county.countyCode, name: <RegionName code={county.countyCode} />, both: county })),
  ];
  return (
    <div data-testid="replay-result" data-changed={String(rows.some((row) => row.both.changed))} style={{ marginTop: 8 }}>
      <Table<Row>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rows}
        columns={[
          { key: 'name', title: l('区划', 'Region'), render: (_, row) => row.name },
          {
            key: 'recorded',
            title: l(`${data.recordedVersion}：中央 / 四级`, `${data.recordedVersion}: central / four-level`),
            render: (_, row) => (
              <Space orientation="vertical" size={0}>
                {verdict(row.both.recorded.central.test)}
                {verdict(row.both.recorded.fourLevel.test)}
              </Space>
            ),
          },
          {
            key: 'replayed',
            title: l(`${data.replayedVersion}：中央 / 四级`, `${data.replayedVersion}: central / four-level`),
            render: (_, row) => (
              <Space orientation="vertical" size={0}>
                {verdict(row.both.replayed.central.test)}
                {verdict(row.both.replayed.fourLevel.test)}
              </Space>
            ),
          },
          { key: 'changed', title: l('结论', 'Verdict'), render: (_, row) => <ChangedTag changed={row.both.changed} /> },
        ]}
      />
      <ParameterChanges changes={data.parameterChanges} />
    </div>
  );
}
