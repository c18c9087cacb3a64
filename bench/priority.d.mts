/** Types of `priority.mjs`, which plain-Node scripts (bench/import-1m.mjs) import too. */
export function askPriority(): string;
export function raiseChildren(): void;
