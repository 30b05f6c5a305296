/** What a plugin may declare about the files it accepts (see uploads.ts); no imports, so plugin.ts can use it. */
export const UPLOAD_TYPES = ['xlsx', 'xls', 'csv', 'jpeg', 'png', 'webp'] as const;
/** Photos (a visit's, …): a declaration lists them like the spreadsheet types, with its own size limit. */
export const IMAGE_UPLOAD_TYPES = ['jpeg', 'png', 'webp'] as const satisfies readonly (typeof UPLOAD_TYPES)[number][];
export type UploadType = (typeof UPLOAD_TYPES)[number];

/** What a plugin accepts for one upload purpose (`uploads: { import: { … } }` in its definition). */
export interface UploadDeclaration {
  /** Largest file accepted, in bytes; a larger one is refused with 413. */
  maxBytes: number;
  /** Content types accepted, checked against the file's name and its magic bytes. */
  types: readonly UploadType[];
  /** Permission (relative to the plugin) the uploader must hold. */
  permission: string;
}
