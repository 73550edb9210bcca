// DOM and formatting helpers. Every string that comes from the API is put on the page with textContent (through el/text),
// never parsed as HTML: destination ids, ticket ids, error messages and the customer's approval text come from outside.

/** Creates an element with attributes and children; strings become text nodes. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of a node. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** Sets the text of a node (only when it changed, so polling does not disturb a selection). */
export function text(node, value) {
  const s = value === undefined || value === null ? '' : String(value);
  if (node.textContent !== s) node.textContent = s;
  return node;
}

/** Parses a UTC timestamp from the API; one without a zone designator is UTC, not local time. */
export function parseUtc(value) {
  if (!value) return null;
  const s = /[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t);
}

/** "42 s", "5 min", "3 h 12 min", "2 d 4 h". */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '';
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** A UTC timestamp as "2025-01-31 14:05:09 UTC". */
export function utc(date) {
  if (!date) return '';
  return `${date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')} UTC`;
}

// Names whose PascalCase does not split into the words people use.
const spelled = {
  AzureSqlDatabase: 'Azure SQL Database', AzureSqlManagedInstance: 'Azure SQL Managed Instance',
  AzurePostgreSql: 'Azure PostgreSQL', AzureDataLakeStorage: 'Azure Data Lake Storage', AzureSynapse: 'Azure Synapse',
  AzureServiceBus: 'Azure Service Bus', AzureCosmosDb: 'Azure Cosmos DB', GenericPostgreSql: 'PostgreSQL (VM)',
  GenericMySql: 'MySQL (VM)', GenericMariaDb: 'MariaDB (VM)', GenericSqlServer: 'SQL Server (VM)',
  Tls10: 'TLS 1.0', Tls11: 'TLS 1.1', Tls12: 'TLS 1.2', Tls13: 'TLS 1.3', Https: 'HTTPS', Tds: 'TDS',
  PostgreSql: 'PostgreSQL', MySql: 'MySQL',
};

/** Splits PascalCase for display: "AwaitingApproval" → "Awaiting approval"; known names are spelled as people write them. */
export function words(value) {
  if (!value) return '';
  if (Object.hasOwn(spelled, value)) return spelled[value];
  const s = String(value).replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  return s.charAt(0) + s.slice(1).toLowerCase().replace(/\b(tls|arm|ip|fqdn|sql|url)\b/g, (w) => w.toUpperCase());
}

/** The Azure portal page of an ARM resource, or null when the value is not a resource ID. */
export function portalUrl(resourceId) {
  if (typeof resourceId !== 'string' || !/^\/subscriptions\/[^\s]+$/i.test(resourceId)) return null;
  return `https://portal.azure.com/#@/resource${encodeURI(resourceId)}`;
}

/** A link that opens in a new tab without giving the new page a handle on this one. */
export function externalLink(href, label) {
  return el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, label);
}
