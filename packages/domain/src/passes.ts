/** Whether a check (an `assert…` or `decide…` of this package) lets the action through: a `can…` made from its `assert…`, so the two can't disagree. */
export function passes(check: () => unknown): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}
