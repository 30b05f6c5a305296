import type { PluginRouterTools } from '@zhenxing/core';
import {
  CommitmentListInputSchema,
  CreateLeaderPackageInputSchema,
  DeactivateOrganisationInputSchema,
  LeaderPackageListInputSchema,
  LinkableProjectsInputSchema,
  ProjectLinkInputSchema,
  ProjectLinkListInputSchema,
  PurchaseInputSchema,
  PurchaseListInputSchema,
  RemovePlacementInputSchema,
  UpdateLeaderPackageInputSchema,
  UpdateOrganisationInputSchema,
  UpdateRelationshipInputSchema,
  CreateOrganisationInputSchema,
  CreateProblemInputSchema,
  CreateRelationshipInputSchema,
  EndRelationshipInputSchema,
  EvidenceInputSchema,
  ExportSummaryInputSchema,
  ImportResultsInputSchema,
  OrganisationListInputSchema,
  PlacementInputSchema,
  PlacementListInputSchema,
  ProblemListInputSchema,
  ProgressInputSchema,
  RecordResultsInputSchema,
  RelationshipListInputSchema,
  RectifyProblemInputSchema,
  SetTargetsInputSchema,
} from '../index.ts';
import { listCommitments, recordResults, setTargets } from './commitments.ts';
import { createPackage, listPackages, updatePackage } from './packages.ts';
import { listPlacements, recordPlacement, removePlacement } from './placements.ts';
import { linkableProjects, linkProject, listProjectLinks } from './project-links.ts';
import { listPurchases, purchaseSummary, recordPurchase } from './purchases.ts';
import { createProblem, listProblems, problemEvidence, rectifyProblem } from './problems.ts';
import { progressSummary, relationshipProgress } from './progress.ts';
import {
  createOrganisation,
  createRelationship,
  deactivateOrganisation,
  endRelationship,
  listOrganisations,
  listRelationships,
  updateOrganisation,
  updateRelationship,
} from './relationships.ts';
import type { SocialAssistanceSettings } from './settings.ts';
import { exportSummary, importResults } from './sheets.ts';

/**
 * trpc['social-assistance'].*: the province manages organisations, relationships, targets and
 * inspection problems; the recipient county records results, placements and rectifications; every
 * reader sees its own region. One `.meta({ permission })` per procedure; the services do the work.
 */
export const socialAssistanceRouter = ({ router, procedure }: PluginRouterTools<SocialAssistanceSettings>) => {
  const read = procedure.meta({ permission: 'assistance.read' });
  const manage = procedure.meta({ permission: 'assistance.manage' });
  const record = procedure.meta({ permission: 'result.record' });
  return router({
    organisations: router({
      /** Every organisation, with the relationships it holds in the reader's region. */
      list: read.input(OrganisationListInputSchema).query(({ ctx }) => listOrganisations(ctx)),
      create: manage.input(CreateOrganisationInputSchema).mutation(({ ctx, input }) => createOrganisation(ctx, input)),
      /** Rename or correct the note (only the fields sent). */
      update: manage.input(UpdateOrganisationInputSchema).mutation(({ ctx, input }) => updateOrganisation(ctx, input)),
      /** No new relationship or package; its history stays. */
      deactivate: manage.input(DeactivateOrganisationInputSchema).mutation(({ ctx, input }) => deactivateOrganisation(ctx, input)),
    }),
    /** 省领导包联 packages: the province manages them; the county contacted reads its own. */
    packages: router({
      list: read.input(LeaderPackageListInputSchema).query(({ ctx }) => listPackages(ctx)),
      create: manage.input(CreateLeaderPackageInputSchema).mutation(({ ctx, input }) => createPackage(ctx, input)),
      update: manage.input(UpdateLeaderPackageInputSchema).mutation(({ ctx, input }) => updatePackage(ctx, input)),
    }),
    /** 消费帮扶 purchases by product, county of origin and buyer. */
    purchases: router({
      list: read.input(PurchaseListInputSchema).query(({ ctx, input }) => listPurchases(ctx, input.year)),
      summary: read.input(PurchaseListInputSchema).query(({ ctx, input }) => purchaseSummary(ctx, input.year)),
      create: record.input(PurchaseInputSchema).mutation(({ ctx, input }) => recordPurchase(ctx, input)),
    }),
    /** Funded projects linked to the projects plugin's library (where it is enabled). */
    fundedProjects: router({
      list: read.input(ProjectLinkListInputSchema).query(({ ctx, input }) => listProjectLinks(ctx, input)),
      linkable: read.input(LinkableProjectsInputSchema).query(({ ctx, input }) => linkableProjects(ctx, input.countyCode)),
      link: record.input(ProjectLinkInputSchema).mutation(({ ctx, input }) => linkProject(ctx, input)),
    }),
    relationships: router({
      list: read.input(RelationshipListInputSchema).query(({ ctx, input }) => listRelationships(ctx, input)),
      create: manage.input(CreateRelationshipInputSchema).mutation(({ ctx, input }) => createRelationship(ctx, input)),
      /** Edit (only the fields sent), audited with before and after. */
      update: manage.input(UpdateRelationshipInputSchema).mutation(({ ctx, input }) => updateRelationship(ctx, input)),
      end: manage.input(EndRelationshipInputSchema).mutation(({ ctx, input }) => endRelationship(ctx, input.relationshipId, input.endOn)),
    }),
    commitments: router({
      /** A relationship's indicators for a year: target, result, met. */
      list: read.input(CommitmentListInputSchema).query(({ ctx, input }) => listCommitments(ctx, input.relationshipId, input.year)),
      setTargets: manage.input(SetTargetsInputSchema).mutation(({ ctx, input }) => setTargets(ctx, input)),
      recordResults: record.input(RecordResultsInputSchema).mutation(({ ctx, input }) => recordResults(ctx, input)),
      /** The county's annual results sheet (uploaded to /upload/social-assistance/results): every row or none. */
      importResults: record.input(ImportResultsInputSchema).mutation(({ ctx, input }) => importResults(ctx, input.uploadId, input.year)),
    }),
    problems: router({
      list: read.input(ProblemListInputSchema).query(({ ctx, input }) => listProblems(ctx, input)),
      create: manage.input(CreateProblemInputSchema).mutation(({ ctx, input }) => createProblem(ctx, input)),
      rectify: record.input(RectifyProblemInputSchema).mutation(({ ctx, input }) => rectifyProblem(ctx, input)),
      evidence: read.input(EvidenceInputSchema).query(({ ctx, input }) => problemEvidence(ctx, input.problemId, input.uploadId)),
    }),
    placements: router({
      list: read.input(PlacementListInputSchema).query(({ ctx, input }) => listPlacements(ctx, input)),
      create: record.input(PlacementInputSchema).mutation(({ ctx, input }) => recordPlacement(ctx, input)),
      remove: record.input(RemovePlacementInputSchema).mutation(({ ctx, input }) => removePlacement(ctx, input.placementId)),
    }),
    progress: router({
      /** Per relationship (the drill-down's last level), filtered by system and kind. */
      relationships: read.input(ProgressInputSchema).query(({ ctx, input }) => relationshipProgress(ctx, input)),
      /** Per system, kind and child region, indicator totals, counties lacking a required system. */
      summary: read.input(ProgressInputSchema).query(({ ctx, input }) => progressSummary(ctx, input.year)),
      /** The region's summary table as .xlsx (the province's: every relationship and indicator). */
      export: read.input(ExportSummaryInputSchema).mutation(async ({ ctx, input }) => {
        const { rows, content } = await exportSummary(ctx, input.year);
        await ctx.audit({ action: 'summary.export', regionCode: ctx.access.regionCode, entityType: 'export', after: { year: input.year, rows } });
        return { fileName: `社会帮扶汇总-${ctx.access.regionCode}-${input.year}-${ctx.today}.xlsx`, rows, contentBase64: content.toString('base64') };
      }),
    }),
  });
};
