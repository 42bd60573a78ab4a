import type { z } from 'zod';
import { ActivityResponse } from '../schemas/activity.ts';
import { AuthResponse, EmployerProfileResponse, LoginBody, MeResponse, OrganisationBody, OrganisationResponse, SignupBody } from '../schemas/auth.ts';
import {
  CreateCommentBody,
  ReplyBody,
  SaveVersionBody,
  ThreadListResponse,
  ThreadResponse,
  VersionDetailResponse,
  VersionListResponse,
  VersionResponse,
} from '../schemas/comments.ts';
import { MarkReadBody, NotificationPrefsBody, NotificationPrefsResponse, NotificationsResponse } from '../schemas/notifications.ts';
import {
  AddMilestoneBody,
  CompleteMilestoneBody,
  DecideExtensionBody,
  EditMilestoneBody,
  EditWorkBody,
  LogWorkBody,
  MarkPaidBody,
  MilestoneResponse,
  MilestonesResponse,
  PaymentResponse,
  ReopenMilestoneBody,
  RequestExtensionBody,
  WorkEntryResponse,
  WorkLogResponse,
} from '../schemas/plan.ts';
import {
  ItemResponse,
  MyPortfolioResponse,
  OutcomeResponse,
  PublicPortfolioResponse,
  RevokeBody,
  RevokeResponse,
  SetDidBody,
  SetHandleBody,
} from '../schemas/portfolio.ts';
import { ProfileBody, ProfileResponse } from '../schemas/profile.ts';
import {
  AcceptInvitationResponse,
  ApplicationCreatedResponse,
  ApplicationListResponse,
  ApplicationResponse,
  ApplyBody,
  CheckinDatesBody,
  CheckinDatesResponse,
  CompleteBody,
  CreateProjectBody,
  DeclineBody,
  DocumentRenderingResponse,
  InvitationListResponse,
  InvitationPreviewResponse,
  InviteMemberBody,
  InviteResponse,
  MyApplicationsResponse,
  ProjectDetailResponse,
  ProjectListResponse,
  ProjectResponse,
  RequestChangesBody,
  StepAwayBody,
} from '../schemas/projects.ts';
import { EditRatingBody, ReviewsResponse, StudentReviewBody } from '../schemas/reviews.ts';

/**
 * One call of the public API: its method and path (OpenAPI style, `{param}`), what it takes and
 * what it answers. The server's routes and the web's client are typed from these same schemas,
 * and a test holds this table to the server's OpenAPI document, so neither side can drift.
 */
export interface Endpoint<
  Path extends string = string,
  Body extends z.ZodType | null = z.ZodType | null,
  Response extends z.ZodType | null = z.ZodType | null,
> {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  readonly path: Path;
  readonly body: Body;
  /** null: 204 No Content. */
  readonly response: Response;
}

const get = <P extends string, R extends z.ZodType>(path: P, response: R): Endpoint<P, null, R> => ({ method: 'get', path, body: null, response });
const post = <P extends string, B extends z.ZodType | null, R extends z.ZodType | null>(path: P, body: B, response: R): Endpoint<P, B, R> => ({
  method: 'post',
  path,
  body,
  response,
});

const patch = <P extends string, B extends z.ZodType, R extends z.ZodType>(path: P, body: B, response: R): Endpoint<P, B, R> => ({
  method: 'patch',
  path,
  body,
  response,
});
const put = <P extends string, B extends z.ZodType, R extends z.ZodType>(path: P, body: B, response: R): Endpoint<P, B, R> => ({
  method: 'put',
  path,
  body,
  response,
});
const del = <P extends string>(path: P): Endpoint<P, null, null> => ({ method: 'delete', path, body: null, response: null });

export const API = {
  signup: post('/api/auth/signup', SignupBody, AuthResponse),
  login: post('/api/auth/login', LoginBody, AuthResponse),
  logout: post('/api/auth/logout', null, null),
  logoutAll: post('/api/auth/logout-all', null, null),
  me: get('/api/me', MeResponse),

  listProjects: get('/api/projects', ProjectListResponse),
  createProject: post('/api/projects', CreateProjectBody, ProjectResponse),
  getProject: get('/api/projects/{id}', ProjectDetailResponse),
  publish: post('/api/projects/{id}/publish', null, ProjectResponse),
  submit: post('/api/projects/{id}/submit', null, ProjectResponse),
  requestChanges: post('/api/projects/{id}/request-changes', RequestChangesBody, ProjectResponse),
  complete: post('/api/projects/{id}/complete', CompleteBody, ProjectResponse),
  cancel: post('/api/projects/{id}/cancel', null, ProjectResponse),
  stepAway: post('/api/projects/{id}/step-away', StepAwayBody, ProjectResponse),
  invite: post('/api/projects/{id}/members', InviteMemberBody, InviteResponse),
  invitations: get('/api/projects/{id}/invitations', InvitationListResponse),
  revokeInvitation: del('/api/projects/{id}/invitations/{invitationId}'),
  invitationPreview: get('/api/invitations/{token}', InvitationPreviewResponse),
  acceptInvitation: post('/api/invitations/{token}/accept', null, AcceptInvitationResponse),
  apply: post('/api/projects/{id}/applications', ApplyBody, ApplicationCreatedResponse),
  listApplications: get('/api/projects/{id}/applications', ApplicationListResponse),
  accept: post('/api/projects/{id}/applications/{appId}/accept', null, ProjectResponse),
  decline: post('/api/projects/{id}/applications/{appId}/decline', DeclineBody, ApplicationResponse),
  withdraw: post('/api/projects/{id}/applications/{appId}/withdraw', null, ApplicationResponse),
  myApplications: get('/api/me/applications', MyApplicationsResponse),
  checkinDates: get('/api/projects/{id}/checkin-dates', CheckinDatesResponse),
  setCheckinDates: post('/api/projects/{id}/checkin-dates', CheckinDatesBody, CheckinDatesResponse),
  notifications: get('/api/me/notifications', NotificationsResponse),
  markRead: post('/api/me/notifications/read', MarkReadBody, null),
  notificationPrefs: get('/api/me/notification-prefs', NotificationPrefsResponse),
  setNotificationPrefs: post('/api/me/notification-prefs', NotificationPrefsBody, NotificationPrefsResponse),

  document: get('/api/projects/{id}/docs/{kind}', DocumentRenderingResponse),
  versions: get('/api/projects/{id}/docs/{kind}/versions', VersionListResponse),
  saveVersion: post('/api/projects/{id}/docs/{kind}/versions', SaveVersionBody, VersionResponse),
  version: get('/api/projects/{id}/docs/{kind}/versions/{versionId}', VersionDetailResponse),
  restoreVersion: post('/api/projects/{id}/docs/{kind}/versions/{versionId}/restore', null, VersionResponse),

  threads: get('/api/projects/{id}/comments', ThreadListResponse),
  comment: post('/api/projects/{id}/comments', CreateCommentBody, ThreadResponse),
  reply: post('/api/projects/{id}/comments/{threadId}/replies', ReplyBody, ThreadResponse),
  resolve: post('/api/projects/{id}/comments/{threadId}/resolve', null, ThreadResponse),
  reopen: post('/api/projects/{id}/comments/{threadId}/reopen', null, ThreadResponse),

  activity: get('/api/projects/{id}/activity', ActivityResponse),
  outcome: get('/api/projects/{id}/outcome', OutcomeResponse),
  myPortfolio: get('/api/me/portfolio', MyPortfolioResponse),
  setHandle: post('/api/me/handle', SetHandleBody, MyPortfolioResponse),
  setDid: post('/api/me/did', SetDidBody, MyPortfolioResponse),
  userPortfolio: get('/api/users/{handle}/portfolio', PublicPortfolioResponse),
  issuePortfolioItem: post('/api/projects/{id}/portfolio', null, ItemResponse),
  hidePortfolioItem: post('/api/portfolio/{itemId}/hide', null, null),
  publishPortfolioItem: post('/api/portfolio/{itemId}/publish', null, null),
  revokePortfolioItem: post('/api/portfolio/{itemId}/revoke', RevokeBody, RevokeResponse),

  milestones: get('/api/projects/{id}/milestones', MilestonesResponse),
  addMilestone: post('/api/projects/{id}/milestones', AddMilestoneBody, MilestoneResponse),
  editMilestone: patch('/api/projects/{id}/milestones/{milestoneId}', EditMilestoneBody, MilestoneResponse),
  removeMilestone: del('/api/projects/{id}/milestones/{milestoneId}'),
  agreeMilestone: post('/api/projects/{id}/milestones/{milestoneId}/agree', null, MilestoneResponse),
  completeMilestone: post('/api/projects/{id}/milestones/{milestoneId}/complete', CompleteMilestoneBody, MilestoneResponse),
  acceptMilestone: post('/api/projects/{id}/milestones/{milestoneId}/accept', null, MilestoneResponse),
  reopenMilestone: post('/api/projects/{id}/milestones/{milestoneId}/reopen', ReopenMilestoneBody, MilestoneResponse),
  requestExtension: post('/api/projects/{id}/milestones/{milestoneId}/extensions', RequestExtensionBody, MilestoneResponse),
  decideExtension: post('/api/projects/{id}/milestones/{milestoneId}/extensions/{extensionId}/decide', DecideExtensionBody, MilestoneResponse),
  workLog: get('/api/projects/{id}/work-log', WorkLogResponse),
  logWork: post('/api/projects/{id}/work-log', LogWorkBody, WorkEntryResponse),
  editWork: patch('/api/projects/{id}/work-log/{entryId}', EditWorkBody, WorkEntryResponse),
  removeWork: del('/api/projects/{id}/work-log/{entryId}'),
  payment: get('/api/projects/{id}/payment', PaymentResponse),
  markPaid: post('/api/projects/{id}/payment/paid', MarkPaidBody, PaymentResponse),
  markReceived: post('/api/projects/{id}/payment/received', null, PaymentResponse),
  profile: get('/api/me/profile', ProfileResponse),
  setProfile: put('/api/me/profile', ProfileBody, ProfileResponse),
  organisation: get('/api/me/organisation', OrganisationResponse),
  setOrganisation: post('/api/me/organisation', OrganisationBody, OrganisationResponse),
  employerProfile: get('/api/employers/{employerId}', EmployerProfileResponse),
  reviews: get('/api/projects/{id}/reviews', ReviewsResponse),
  reviewAsStudent: put('/api/projects/{id}/reviews/by-student', StudentReviewBody, ReviewsResponse),
  editRating: put('/api/projects/{id}/reviews/of-student', EditRatingBody, ReviewsResponse),
} as const satisfies Record<string, Endpoint>;

/** What an endpoint answers (undefined for 204). */
export type ApiAnswer<E extends Endpoint> = E['response'] extends z.ZodType ? z.infer<E['response']> : undefined;
/** What an endpoint takes as its body. */
export type ApiBody<E extends Endpoint> = E['body'] extends z.ZodType ? z.input<E['body']> : undefined;
/** The `{param}` names in a path, as an object type. */
export type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? { [K in Name]: string } & PathParams<Rest>
  : Record<never, string>;

/** Fills a path's `{param}`s (URI-encoded). */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter ${name} for ${path}`);
    return encodeURIComponent(value);
  });
}
