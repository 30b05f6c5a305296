/**
 * Sends one file to the core upload route, `POST /upload/<plugin>/<purpose>`, once; procedures
 * then take the returned id instead of the file. XMLHttpRequest rather than fetch: it reports
 * upload progress.
 */

/** The session's CSRF token, set by the app on sign-in (the upload route checks it like tRPC does). */
let csrfToken: string | null = null;
export function setUploadCsrfToken(token: string | null): void {
  csrfToken = token;
}

export interface UploadOptions {
  plugin: string;
  purpose: string;
  regionCode?: string;
  /** Share of the file sent so far, 0–100. */
  onProgress?: (percent: number) => void;
}

/**
 * A refusal in the shape `describeError` reads (`data.localized`, `data.reason`), so pages show
 * the server's own message (e.g. 413: the plugin's size limit; a .xlsx name with text content).
 */
export class UploadRefusal extends Error {
  readonly data: {
    code: string;
    httpStatus: number;
    reason: string;
    localized: { 'zh-CN': string; en: string } | undefined;
    details: Record<string, unknown> | null;
  };
  constructor(httpStatus: number, body: unknown) {
    const error = typeof body === 'object' && body !== null ? (body as { error?: Record<string, unknown> }).error : undefined;
    const localized = error?.localized as { 'zh-CN': string; en: string } | undefined;
    super(localized?.en ?? `upload failed (${httpStatus})`);
    this.name = 'UploadRefusal';
    this.data = {
      code: httpStatus === 413 ? 'PAYLOAD_TOO_LARGE' : httpStatus >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST',
      httpStatus,
      reason: typeof error?.reason === 'string' ? error.reason : httpStatus === 413 ? 'upload-too-large' : 'upload-failed',
      localized,
      details: (error?.details as Record<string, unknown> | null | undefined) ?? null,
    };
  }
}

export function uploadFile(file: File, options: UploadOptions): Promise<string> {
  const query = options.regionCode ? `?regionCode=${encodeURIComponent(options.regionCode)}` : '';
  const form = new FormData();
  // The name first, as its own UTF-8 field: multipart parsers differ on non-ASCII file names.
  form.append('fileName', file.name);
  form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/upload/${encodeURIComponent(options.plugin)}/${encodeURIComponent(options.purpose)}${query}`);
    request.setRequestHeader('x-zx-client', '1');
    if (csrfToken) request.setRequestHeader('x-csrf-token', csrfToken);
    request.responseType = 'json';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(Math.floor((event.loaded / event.total) * 100));
    };
    request.onerror = () => reject(new TypeError('Failed to fetch: the upload did not reach the server'));
    request.onload = () => {
      const body: unknown = request.response;
      const uploadId = typeof body === 'object' && body !== null ? (body as { uploadId?: unknown }).uploadId : undefined;
      if (request.status === 200 && typeof uploadId === 'string') resolve(uploadId);
      else reject(new UploadRefusal(request.status, body));
    };
    request.send(form);
  });
}
