import { describe, expect, it } from 'vitest';
import { checkHandle } from './accounts.ts';

const code = (handle: string) => {
  try {
    checkHandle(handle);
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('handles', () => {
  it('none speaks for Stint or claims authority', () => {
    for (const handle of ['security', 'verify', 'moderator', 'stint-support', 'stintteam', 'security-team', 'official-sam', 'admin', 'support'])
      expect(code(handle), handle).toBe('handle_reserved');
    for (const handle of ['sam-rivera', 'priya', 'supportive', 'adminton', 'ada-99']) expect(code(handle), handle).toBe('ok');
  });
});
