export function missingPackages(): string[];
export function ensureBrowser(options?: { log?: (line: string) => void }): string | null;
