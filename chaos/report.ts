export function renderReliability(): string { return ""; }
