import type { Presence as Person } from '../lib/collab.ts';
import { initials } from '../lib/colors.ts';

/** Who is here now; a fixed-height row so nothing jumps when people come and go. */
export function Presence({ people }: { people: Person[] }) {
  return (
    <ul className="presence" aria-label={`${people.length} ${people.length === 1 ? 'person' : 'people'} here`}>
      {people.map((p) => (
        <li key={p.userId} className="avatar" style={{ background: p.color }} title={p.name} data-name={p.name}>
          {initials(p.name)}
        </li>
      ))}
    </ul>
  );
}
