import { packageProject } from '../../vitest.shared.ts';

export default packageProject('registry', { testTimeout: 60_000 });
