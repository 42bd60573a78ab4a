import { apiClient } from './http-client.ts';

let counter = 0;

/** A project in progress with an employer, a mentor, a student and a viewer, plus an outsider. */
export async function setupWorkspace(baseUrl: string) {
  const api = apiClient(baseUrl);
  const tag = `${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 7)}`;
  const employer = await api.signup('Erin Employer', `employer-${tag}@ws.test`, 'employer');
  const mentor = await api.signup('Maya Mentor', `mentor-${tag}@ws.test`, 'mentor');
  const student = await api.signup('Sam Student', `student-${tag}@ws.test`);
  const viewer = await api.signup('Vic Viewer', `viewer-${tag}@ws.test`);
  const outsider = await api.signup('Olly Outsider', `outsider-${tag}@ws.test`);
  const post = async (path: string, token: string, body?: unknown) => {
    const res = await api.call('POST', path, { token, body });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json;
  };
  const { project } = await post('/api/projects', employer.token, {
    title: 'Workspace under test',
    summary: 'Co-edited live.',
    skills: ['writing'],
    estimatedHours: 4,
    compensation: { amount: 10000, currency: 'USD' },
  });
  const id = project.id as string;
  await post(`/api/projects/${id}/publish`, employer.token);
  await post(`/api/projects/${id}/members`, employer.token, { email: mentor.email, role: 'mentor' });
  await post(`/api/projects/${id}/members`, employer.token, { email: viewer.email, role: 'viewer' });
  const { application } = await post(`/api/projects/${id}/applications`, student.token, { pitch: 'Me!' });
  await post(`/api/projects/${id}/applications/${application.id}/accept`, employer.token);
  /** Once completed: the student reviews the employer and the mentor, which reveals the employer's rating to them (blind reviews). */
  const reviewAsStudent = () =>
    api.call('PUT', `/api/projects/${id}/reviews/by-student`, {
      token: student.token,
      body: { employer: { clarity: 5, responsiveness: 4, wouldWorkAgain: true }, mentors: [{ mentorId: mentor.id, helpfulness: 5 }] },
    });
  return { api, projectId: id, employer, mentor, student, viewer, outsider, post, reviewAsStudent };
}
