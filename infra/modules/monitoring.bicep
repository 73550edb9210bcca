// The operators' view of onboardings in Application Insights: a workbook (onboardings by stage, approval age, failures, ARM
// throttling) and log alert rules (an onboarding stuck in approval, the failure rate, orphaned endpoints). Both hosts export
// the same metrics through OpenTelemetry (meters PrivateLink.Onboarding and PrivateLink.Arm); they land in customMetrics.
targetScope = 'resourceGroup'

@description('Azure region of the alert rules.')
param location string

@description('Prefix of the resource names.')
param namePrefix string

@description('Resource id of the Application Insights component the hosts export to.')
param appInsightsId string

@description('Alert when an onboarding has waited for the customer\'s approval longer than this many hours.')
@minValue(1)
param approvalAgeAlertHours int = 72

@description('Alert when more than this percentage of the workflows that ended in the last hour failed (cancellations not counted).')
@minValue(1)
@maxValue(100)
param failureRateAlertPercent int = 20

@description('Resource id of an action group the alerts notify; empty for none (the alerts still fire in the portal).')
param actionGroupId string = ''

var actions = empty(actionGroupId) ? [] : [
  actionGroupId
]

var byStageQuery = 'customMetrics | where name in ("privatelink.onboarding.started", "privatelink.onboarding.completed", "privatelink.onboarding.failed") | extend stage = iff(name == "privatelink.onboarding.started", "Started", tostring(customDimensions["onboarding.stage"])), destinationType = tostring(customDimensions["destination.type"]) | summarize onboardings = sum(valueSum) by stage, destinationType, bin(timestamp, 1h) | render columnchart'
var waitingQuery = 'customMetrics | where name in ("privatelink.approval.waiting", "privatelink.approval.oldest_age") | summarize waiting = maxif(valueMax, name == "privatelink.approval.waiting"), oldestHours = maxif(valueMax, name == "privatelink.approval.oldest_age") / 3600 by bin(timestamp, 15m) | render timechart'
var approvalWaitQuery = 'customMetrics | where name == "privatelink.onboarding.approval_wait" | extend outcome = tostring(customDimensions["approval.outcome"]), destinationType = tostring(customDimensions["destination.type"]) | summarize decisions = sum(valueCount), averageHours = sum(valueSum) / sum(valueCount) / 3600, longestHours = max(valueMax) / 3600 by outcome, destinationType'
var failuresQuery = 'customMetrics | where name == "privatelink.onboarding.failed" | extend stage = tostring(customDimensions["onboarding.stage"]), destinationType = tostring(customDimensions["destination.type"]) | summarize failures = sum(valueSum) by stage, destinationType, bin(timestamp, 1h) | render columnchart'
var throttlingQuery = 'customMetrics | where name in ("privatelink.arm.throttled", "privatelink.arm.requests") | summarize throttled = sumif(valueSum, name == "privatelink.arm.throttled"), requests = sumif(valueSum, name == "privatelink.arm.requests") by bin(timestamp, 15m) | render timechart'
var probeQuery = 'customMetrics | where name == "privatelink.probe.duration" | extend protocol = tostring(customDimensions["probe.protocol"]), status = tostring(customDimensions["probe.status"]) | summarize probes = sum(valueCount), averageMs = 1000 * sum(valueSum) / sum(valueCount), longestMs = 1000 * max(valueMax) by protocol, status'

var panels = [
  {
    title: 'Onboardings by stage (started, and the stage each workflow ended in)'
    query: byStageQuery
    visualization: 'barchart'
  }
  {
    title: 'Waiting for approval: how many, and the oldest wait (hours)'
    query: waitingQuery
    visualization: 'linechart'
  }
  {
    title: 'Approval wait by outcome (hours)'
    query: approvalWaitQuery
    visualization: 'table'
  }
  {
    title: 'Failures by stage'
    query: failuresQuery
    visualization: 'barchart'
  }
  {
    title: 'ARM throttling (429 responses) and requests'
    query: throttlingQuery
    visualization: 'linechart'
  }
  {
    title: 'Connectivity probes by protocol and result (ms)'
    query: probeQuery
    visualization: 'table'
  }
]

var workbookItems = [for (panel, i) in panels: {
  type: 3
  name: 'panel-${i}'
  content: {
    version: 'KqlItem/1.0'
    title: panel.title
    query: panel.query
    size: 0
    timeContext: {
      durationMs: 604800000
    }
    queryType: 0
    resourceType: 'microsoft.insights/components'
    visualization: panel.visualization
  }
}]

var workbookContent = {
  version: 'Notebook/1.0'
  items: workbookItems
  fallbackResourceIds: [
    appInsightsId
  ]
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, namePrefix, 'privatelink-onboarding-workbook')
  location: location
  kind: 'shared'
  properties: {
    displayName: 'Private Link onboarding'
    category: 'workbook'
    sourceId: appInsightsId
    serializedData: string(workbookContent)
  }
}

var alerts = [
  {
    name: 'stuck-in-approval'
    description: 'An onboarding has waited for the customer\'s approval longer than ${approvalAgeAlertHours} hours (the approval watcher\'s last pass).'
    severity: 2
    query: 'customMetrics | where name == "privatelink.approval.oldest_age" | summarize oldestHours = max(valueMax) / 3600'
    measure: 'oldestHours'
    aggregation: 'Maximum'
    threshold: approvalAgeAlertHours
    window: 'PT1H'
  }
  {
    name: 'failure-rate'
    description: 'More than ${failureRateAlertPercent} % of the workflows that ended in the last hour failed (cancellations not counted).'
    severity: 2
    query: 'customMetrics | where name in ("privatelink.onboarding.completed", "privatelink.onboarding.failed") | where tostring(customDimensions["onboarding.stage"]) != "Cancelled" | summarize failed = sumif(valueSum, name == "privatelink.onboarding.failed"), ended = sum(valueSum) | extend failurePercent = iff(ended == 0, 0.0, 100.0 * failed / ended)'
    measure: 'failurePercent'
    aggregation: 'Maximum'
    threshold: failureRateAlertPercent
    window: 'PT1H'
  }
  {
    name: 'orphaned-endpoints'
    description: 'The orphan reconciler deleted private endpoints no onboarding needed: an onboarding\'s own cleanup did not run.'
    severity: 3
    query: 'customMetrics | where name == "privatelink.reconciler.orphans_deleted" | summarize orphans = sum(valueSum)'
    measure: 'orphans'
    aggregation: 'Total'
    threshold: 0
    window: 'PT1H'
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for alert in alerts: {
  name: '${namePrefix}-alert-${alert.name}'
  location: location
  properties: {
    displayName: 'Private Link onboarding: ${alert.name}'
    description: alert.description
    severity: alert.severity
    enabled: true
    scopes: [
      appInsightsId
    ]
    evaluationFrequency: 'PT15M'
    windowSize: alert.window
    criteria: {
      allOf: [
        {
          query: alert.query
          timeAggregation: alert.aggregation
          metricMeasureColumn: alert.measure
          operator: 'GreaterThan'
          threshold: alert.threshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: actions
    }
  }
}]

@description('Resource id of the workbook.')
output workbookId string = workbook.id
