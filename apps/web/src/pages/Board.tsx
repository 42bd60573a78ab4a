import { API } from '@stint/domain';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert } from '../components/Alert.tsx';
import { Loading } from '../components/Layout.tsx';
import { ProjectCard } from '../components/ProjectCard.tsx';
import { call, errorText } from '../lib/api.ts';
import type { ApplicationStatus, Project } from '../lib/types.ts';

/** Open micro-internships, filtered by skill, text, pay and hours (kept in the URL). */
export function Board() {
  const [params, setParams] = useSearchParams();
  const [projects, setProjects] = useState<Project[] | null>(null);
  const [applied, setApplied] = useState<Record<string, ApplicationStatus>>({});
  const [error, setError] = useState<string | null>(null);
  // The currencies the board has shown: what the pay filter offers (an amount means nothing without one).
  const [currencies, setCurrencies] = useState<string[]>([]);
  const currency = params.get('currency') ?? '';
  const [picked, setPicked] = useState(currency);
  useEffect(() => {
    const query: Record<string, string> = { status: 'open' };
    for (const key of ['q', 'skill', 'currency', 'minPay', 'maxHours']) {
      const value = params.get(key);
      if (value) query[key] = key === 'minPay' ? String(Math.round(Number(value) * 100)) : value;
    }
    setProjects(null);
    call(API.listProjects, { query }).then(
      (r) => {
        setProjects(r.projects);
        setApplied(r.applied);
        setError(null);
        setCurrencies((seen) => [...new Set([...seen, ...r.projects.map((p) => p.compensation.currency)])].sort());
      },
      (e) => setError(errorText(e)),
    );
  }, [params]);
  const update = (form: HTMLFormElement) => {
    const next = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) next.set(k, String(v).trim());
    setParams(next);
  };
  return (
    <section>
      <h1>Open micro-internships</h1>
      {/* biome-ignore lint/a11y/useSemanticElements: role="search" on the form is the long-supported way; <search> is too new for some readers */}
      <form className="filters" role="search" onSubmit={(e) => (e.preventDefault(), update(e.currentTarget))}>
        <label>
          Search
          <input name="q" defaultValue={params.get('q') ?? ''} placeholder="title or summary" />
        </label>
        <label>
          Skill
          <input name="skill" defaultValue={params.get('skill') ?? ''} placeholder="e.g. sql" />
        </label>
        <label>
          Paid in
          <select name="currency" value={picked} onChange={(e) => setPicked(e.target.value)}>
            <option value="">Any currency</option>
            {[...new Set([...currencies, ...(currency ? [currency] : [])])].map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          Pay at least{picked ? ` (${picked})` : ''}
          <input
            name="minPay"
            type="number"
            min="0"
            defaultValue={params.get('minPay') ?? ''}
            disabled={!picked}
            title={picked ? undefined : 'Choose a currency first'}
          />
        </label>
        <label>
          At most (hours)
          <input name="maxHours" type="number" min="1" defaultValue={params.get('maxHours') ?? ''} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <Alert error={error} />
      {!projects && !error ? <Loading what="Loading projects" /> : null}
      {projects?.length === 0 ? <p className="empty">No open projects match. Try fewer filters.</p> : null}
      <div className="grid">
        {projects?.map((p) => (
          <ProjectCard key={p.id} project={p} application={applied[p.id]} />
        ))}
      </div>
    </section>
  );
}
