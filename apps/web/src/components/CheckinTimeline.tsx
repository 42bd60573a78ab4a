import { MILESTONE_STANDING_LABELS, type MilestoneStanding } from '@stint/domain';
import { CHECKIN_STATUS_LABELS, type CheckinStatus } from '@stint/editor';
import { useEffect, useRef, useState } from 'react';
import { formatDay, formatShortDay } from '../lib/dates.ts';

export interface TimelineEntry {
  id: string;
  date: string;
  status: CheckinStatus;
}

/** Outlined and neutral: a date something is due, not a status (orange is At risk). */
const CHECKIN_DUE_COLOR = '#495057';
const COLORS: Record<CheckinStatus, string> = { on_track: '#237a35', at_risk: '#a65300', blocked: '#c92a2a' };
export const STANDING_COLORS: Record<MilestoneStanding, string> = {
  proposed: '#646b72',
  upcoming: '#1971c2',
  due_soon: '#a65300',
  overdue: '#c92a2a',
  awaiting_review: '#7048e8',
  done: '#237a35',
  closed: '#5c6675',
};

export interface TimelineMilestone {
  id: string;
  title: string;
  dueDate: string;
  standing: MilestoneStanding;
}
const DAY = 86_400_000;

/** Check-ins as dots on a date axis, coloured by status, with milestones, the due date and today marked. */
export function CheckinTimeline({
  entries,
  start,
  due,
  checkinsDue = [],
  milestones = [],
  today,
}: {
  entries: TimelineEntry[];
  start: string;
  due: string | null;
  /** When check-ins are due: marked on the line. */
  checkinsDue?: readonly string[];
  /** Milestones as diamonds above the line, coloured by how they stand. */
  milestones?: readonly TimelineMilestone[];
  /** Today (the server's), as a line. */
  today?: string;
}) {
  const drawing = useRef<SVGSVGElement>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const box = drawing.current;
    if (!box) return;
    const measure = () => setWidth(Math.round(box.getBoundingClientRect().width) || 640);
    measure();
    const watch = new ResizeObserver(measure);
    watch.observe(box);
    return () => watch.disconnect();
  }, []);
  const times = [
    Date.parse(start),
    ...entries.map((e) => Date.parse(e.date)),
    ...checkinsDue.map((d) => Date.parse(d)),
    ...(due ? [Date.parse(due)] : []),
    ...milestones.map((m) => Date.parse(m.dueDate)),
    ...(today ? [Date.parse(today)] : []),
  ].filter(Number.isFinite);
  const from = Math.min(...times) - DAY;
  const to = Math.max(...times, from + 7 * DAY) + DAY;
  // Drawn at the width it is shown at, so its labels keep their size on a phone (a fixed 640-wide
  // drawing scaled into 343 px made them 6 px tall).
  const W = Math.max(300, width);
  const x = (date: string) => 24 + ((Date.parse(date) - from) / (to - from)) * (W - 48);
  const tickCount = W < 480 ? 3 : 5;
  const ticks = Array.from({ length: tickCount }, (_, i) => from + ((to - from) * i) / (tickCount - 1));
  return (
    <figure className="timeline">
      <svg
        ref={drawing}
        viewBox={`0 0 ${W} 86`}
        role="img"
        aria-label={`Timeline of ${entries.length} check-ins${milestones.length ? ` and ${milestones.length} milestones` : ''}${due ? `, due ${formatDay(due)}` : ''}`}
      >
        <line x1="24" x2={W - 24} y1="44" y2="44" stroke="#adb5bd" strokeWidth="2" />
        {ticks.map((t) => (
          <text key={t} x={24 + ((t - from) / (to - from)) * (W - 48)} y="78" textAnchor="middle" fontSize="11" fill="#6c757d">
            {formatShortDay(t)}
          </text>
        ))}
        {due ? (
          <g>
            <line x1={x(due)} x2={x(due)} y1="14" y2="58" stroke="#343a40" strokeDasharray="4 3" />
            <text x={x(due)} y="10" textAnchor="middle" fontSize="11" fill="#343a40">
              Due {formatShortDay(due)}
            </text>
          </g>
        ) : null}
        {today ? (
          <g data-today={today}>
            <line x1={x(today)} x2={x(today)} y1="18" y2="62" stroke="#1971c2" strokeWidth="2" />
            <text x={x(today) + 4} y="16" textAnchor="start" fontSize="10" fill="#1971c2">
              Today
            </text>
          </g>
        ) : null}
        {milestones.map((m) => (
          <path
            key={m.id}
            d={`M ${x(m.dueDate)} 20 l 7 8 l -7 8 l -7 -8 z`}
            fill={STANDING_COLORS[m.standing]}
            stroke="#fff"
            strokeWidth="1.5"
            data-milestone={m.title}
            data-standing={m.standing}
          >
            <title>{`${m.title}: due ${formatDay(m.dueDate)}, ${MILESTONE_STANDING_LABELS[m.standing].toLowerCase()}`}</title>
          </path>
        ))}
        {checkinsDue.map((d) => (
          <path key={`due-${d}`} d={`M ${x(d)} 52 l 6 10 h -12 z`} fill="#fff" stroke={CHECKIN_DUE_COLOR} strokeWidth="1.5" data-checkin-due={d}>
            <title>{`Check-in due ${d}`}</title>
          </path>
        ))}
        {entries.map((e) => (
          <circle key={e.id} cx={x(e.date)} cy="44" r="8" fill={COLORS[e.status]} stroke="#fff" strokeWidth="2" data-status={e.status}>
            <title>{`${formatDay(e.date)}: ${CHECKIN_STATUS_LABELS[e.status]}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption className="legend">
        {(Object.keys(COLORS) as CheckinStatus[]).map((s) => (
          <span key={s}>
            <span className="swatch" style={{ background: COLORS[s] }} aria-hidden="true" /> {CHECKIN_STATUS_LABELS[s]}
          </span>
        ))}
        {milestones.length ? (
          <span>
            <span className="swatch diamond" style={{ background: STANDING_COLORS.upcoming }} aria-hidden="true" /> Milestone
          </span>
        ) : null}
        {checkinsDue.length ? (
          <span>
            <svg className="swatch-shape" viewBox="0 0 14 12" width="14" height="12" aria-hidden="true">
              <path d="M 7 1 l 6 10 h -12 z" fill="#fff" stroke={CHECKIN_DUE_COLOR} strokeWidth="1.5" />
            </svg>{' '}
            Check-in due
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}
