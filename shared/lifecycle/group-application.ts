import { defineMachine } from './machine';

/**
 * A unit's group application (团体参保申请) for one program, route and coverage (for free 普惠
 * places: one quarterly batch).
 * - open: the unit officer submits members in chunks; each member's free place, if any, is
 *   reserved when the member is submitted (first come, first served by submission time);
 * - open → submitted: the unit sends it for review (the program's group rules are checked);
 * - submitted → approved: the members' enrolments are created; → rejected (with a reason);
 * - open | submitted → withdrawn: the unit takes it back;
 * - rejected | withdrawn → open: the unit corrects it and submits again.
 * Rejection and withdrawal release every reserved place.
 */
export const groupApplicationLifecycle = defineMachine(
  'groupApplication',
  {
    open: ['submitted', 'withdrawn'],
    submitted: ['approved', 'rejected', 'withdrawn'],
    approved: [],
    rejected: ['open'],
    withdrawn: ['open'],
  },
  { open: '填报中', submitted: '待审核', approved: '已通过', rejected: '已驳回', withdrawn: '已撤回' },
);
export type GroupApplicationStatus = (typeof groupApplicationLifecycle.states)[number];

/**
 * One member of a group application, which is also the member's quota reservation.
 * - held: submitted (holding a free place when the route has a quota);
 * - held → withdrawn (the officer took the member out) | released (the application was
 *   rejected or withdrawn) | enrolled (approved: the enrolment exists);
 * - withdrawn | released → held: submitted again (a place is reserved again).
 */
export const applicationMemberLifecycle = defineMachine(
  'applicationMember',
  {
    held: ['withdrawn', 'released', 'enrolled'],
    withdrawn: ['held'],
    released: ['held'],
    enrolled: [],
  },
  { held: '已报名', withdrawn: '已移出', released: '已释放', enrolled: '已参保' },
);
export type ApplicationMemberStatus = (typeof applicationMemberLifecycle.states)[number];
