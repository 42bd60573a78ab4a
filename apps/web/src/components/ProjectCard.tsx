import { Link } from 'react-router';
import { money, type Project, STATUS_LABELS } from '../lib/types.ts';

export function ProjectCard({ project, role }: { project: Project; role?: string }) {
  return (
    <article className="card project-card">
      <header className="row between">
        <h3>
          <Link to={`/projects/${project.id}`}>{project.title}</Link>
        </h3>
        <span className={`status status-${project.status}`}>{STATUS_LABELS[project.status]}</span>
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
            <dd>{project.dueDate}</dd>
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
