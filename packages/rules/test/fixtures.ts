import { parameterSetByVersion } from '../src/parameters/registry.js';

/** Parameter sets used across tests: Hebei 2022 (line 7,300 yuan) and 2023 (line 8,300 yuan). */
export const parameters2022 = parameterSetByVersion('hebei-2022.1');
export const parameters2023 = parameterSetByVersion('hebei-2023.1');
