/**
 * "Erin Okafor, Northwind Analytics": who a piece of work was for, in words, wherever a finished
 * item names its employer (the credential, its page, the student's portfolio lists).
 */
export function employerLine(employer: { name: string; organisation?: string | null }, between = ', '): string {
  return employer.organisation ? `${employer.name}${between}${employer.organisation}` : employer.name;
}
