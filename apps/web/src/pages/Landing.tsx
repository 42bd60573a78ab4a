import { Link } from 'react-router';

/** `/` for someone not signed in: what Stint is, in two sentences, and where to go. */
export function Landing() {
  return (
    <section className="landing stack">
      <h1>Short, paid projects, done together.</h1>
      <p className="lead">
        Stint runs micro-internships: employers post paid projects of a few hours to a few weeks, students do the work in a live workspace with a mentor beside
        them. When it's done, the student keeps a signed portfolio item anyone can verify.
      </p>
      <p className="row wrap">
        <Link className="button" to="/board">
          Browse open projects
        </Link>
        <Link to="/login">Log in</Link>
        <Link to="/signup">Create an account</Link>
      </p>
    </section>
  );
}
