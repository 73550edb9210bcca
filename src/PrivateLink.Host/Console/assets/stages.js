// The workflow's stages (PrivateLink.Onboarding.Orchestration.OnboardingStage) in the order a support engineer reads them.
// Only ordering and colour depend on this list: a stage the console does not know is still shown, after these.
export const stageOrder = [
  'Submitted', 'Validating', 'CreatingEndpoint', 'AwaitingApproval', 'CheckingConnectivity', 'Ready',
  'ValidationFailed', 'Rejected', 'ApprovalTimedOut', 'ConnectivityFailed', 'Cancelled', 'Failed',
  'Degraded', 'Disconnected', 'EndpointMissing', 'Offboarding', 'Offboarded',
];

const tone = {
  AwaitingApproval: 'waiting',
  Ready: 'ok',
  ValidationFailed: 'bad', Rejected: 'bad', ApprovalTimedOut: 'bad', ConnectivityFailed: 'bad', Failed: 'bad',
  Degraded: 'bad', Disconnected: 'bad', EndpointMissing: 'bad',
  Cancelled: 'done', Offboarded: 'done',
};

/** The CSS class of a stage badge. */
export const stageClass = (stage) => `stage stage-${tone[stage] ?? 'active'}`;

/** Compares stages by workflow order; unknown ones sort last, by name. */
export function compareStages(a, b) {
  const ia = stageOrder.indexOf(a);
  const ib = stageOrder.indexOf(b);
  return (ia < 0 ? 999 : ia) - (ib < 0 ? 999 : ib) || String(a).localeCompare(String(b));
}
