export * from './databases.ts';
export * from './environment.ts';
export * from './region-fixture.ts';
export * from './test-app.ts';
export * from './superuser.ts';
