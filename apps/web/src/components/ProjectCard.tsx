import { Link } from 'react-router';
import { formatDay } from '../lib/dates.ts';
import { type ApplicationStatus, money, type Project, STATUS_LABELS } from '../lib/types.ts';

/** Where the reader's own application stands, as the card says it (the server says which). */
const APPLICATION_MARKERS: Record<ApplicationStatus, string | null> = {
  pending: 'Applied',
  accepted: 'Accepted',
  declined: 'Declined',
  withdrawn: null,
};

export function ProjectCard({ project, role, application }: { project: Project; role?: string; application?: ApplicationStatus }) {
  const marker = application ? APPLICATION_MARKERS[application] : null;
  return (
    <article className="card project-card">
      <header className="row between">
        <h3>
          <Link to={`/projects/${project.id}`}>{project.title}</Link>
        </h3>
        <span className="row card-marks">
          {marker ? (
            <span className={`applied applied-${application}`} data-application={application}>
              {marker}
            </span>
          ) : null}
          <span className={`status status-${project.status}`}>{STATUS_LABELS[project.status]}</span>
        </span>
      </header>
      <p className="muted">
        <Link to={`/employers/${project.employer.id}`}>{project.employer.organisation ?? project.employer.name}</Link>
        {project.employer.organisation ? ` · ${project.employer.name}` : ''}
        {role ? ` · you are the ${role}` : ''}
      </p>
      <p className="summary">{project.summary}</p>
      <dl className="facts">
        <div>
          <dt>Pay</dt>
          <dd>{money(project.compensation)}</dd>
        </div>
        <div>
          <dt>Hours</dt>
          <dd>{project.estimatedHours}</dd>
        </div>
        {project.dueDate ? (
          <div>
            <dt>Due</dt>
            <dd>{formatDay(project.dueDate)}</dd>
          </div>
        ) : null}
      </dl>
      <ul className="chips" aria-label="Skills">
        {project.skills.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
    </article>
  );
}
