import { API } from '@stint/domain';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert } from '../components/Alert.tsx';
import { call, errorText } from '../lib/api.ts';

/** Posting starts a draft; it goes on the board when the employer publishes it. */
export function NewProject() {
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const body = {
      title: String(f.get('title')),
      summary: String(f.get('summary')),
      skills: String(f.get('skills'))
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      estimatedHours: Number(f.get('hours')),
      compensation: { amount: Math.round(Number(f.get('pay')) * 100), currency: String(f.get('currency')) },
      dueDate: String(f.get('due')) || null,
    };
    try {
      const { project } = await call(API.createProject, { body });
      navigate(`/projects/${project.id}`);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section className="card narrow">
      <h1>Post a micro-internship</h1>
      <form onSubmit={submit} className="stack">
        <label>
          Title
          <input name="title" required minLength={3} maxLength={120} />
        </label>
        <label>
          What is the work?
          <textarea name="summary" required rows={4} maxLength={5000} />
        </label>
        <label>
          Skills (comma separated)
          <input name="skills" required placeholder="sql, python" />
        </label>
        <div className="row wrap">
          <label>
            Estimated hours
            <input name="hours" type="number" min="1" max="1000" required defaultValue="10" />
          </label>
          <label>
            Pay
            <input name="pay" type="number" min="1" step="1" required defaultValue="300" />
          </label>
          <label>
            Currency
            <select name="currency" defaultValue="USD">
              {['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'INR'].map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          <label>
            Due date
            <input name="due" type="date" min={new Date().toISOString().slice(0, 10)} />
          </label>
        </div>
        <Alert error={error} />
        <button type="submit">Save draft</button>
      </form>
    </section>
  );
}
