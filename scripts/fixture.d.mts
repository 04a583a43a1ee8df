export const FIXTURES: string;
export function copyFixture(name: string, dest?: string): string;
export function addClutter(root: string): void;
