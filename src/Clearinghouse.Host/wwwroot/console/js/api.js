// The clearinghouse's own gRPC services, called as JSON through the host's transcoding (the HTTP rules in
// protos/clearinghouse/v1/*.proto). The browser presents the caller's client certificate; the host's
// authorization applies as to any gRPC call. A refusal carries the gRPC status code and its message.

export class ApiError extends Error {
  constructor(httpStatus, code, message) {
    super(message);
    this.httpStatus = httpStatus;
    this.code = code;
  }
}

async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) {
    throw new ApiError(response.status, json?.code ?? 0, json?.message ?? `HTTP ${response.status}`);
  }
  return json;
}

const q = (params) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};
const e = encodeURIComponent;

export const api = {
  caller: () => call('GET', '/v1/caller'),
  currentPeriod: () => call('GET', '/v1/periods:current'),
  overview: (pairRegions) => call('GET', `/v1/periods:overview${q({ pairRegions })}`),
  periodSummary: (period) => call('GET', `/v1/periods/${e(period)}`),
  closePeriod: (period, requestId, force) => call('POST', `/v1/periods/${e(period)}:close`, { requestId, period, force }),
  statement: (period, region) => call('GET', `/v1/periods/${e(period)}/statements/${e(region)}`),
  statements: (period, pageSize, pageToken) => call('GET', `/v1/periods/${e(period)}/statements${q({ pageSize, pageToken })}`),
  confirmStatement: (period, region, requestId) =>
    call('POST', `/v1/periods/${e(period)}/statements/${e(region)}:confirm`, { requestId, period, regionCode: region }),
  transfers: (period) => call('GET', `/v1/periods/${e(period)}/transfers`),
  position: (region) => call('GET', `/v1/regions/${e(region)}/position`),
  settlements: (region, period, counterpartyRegionCode, pageSize, pageToken) =>
    call('GET', `/v1/regions/${e(region)}/settlements${q({ period, counterpartyRegionCode, pageSize, pageToken })}`),
  settlement: (id) => call('GET', `/v1/settlements/${e(id)}`),
  discrepancies: (region, status, businessDate, pageSize, pageToken) =>
    call('GET', `/v1/regions/${e(region)}/discrepancies${q({ status, businessDate, pageSize, pageToken })}`),
  resolveDiscrepancy: (id, requestId, resolution, note) =>
    call('POST', `/v1/discrepancies/${e(id)}:resolve`, { requestId, discrepancyId: id, resolution, note }),
  reconciliation: (region, period) => call('GET', `/v1/regions/${e(region)}/reconciliation${q({ period })}`),
  actions: (filters) => call('GET', `/v1/audit/actions${q(filters)}`),
  flags: (filters) => call('GET', `/v1/flags${q(filters)}`),
  flag: (id) => call('GET', `/v1/flags/${e(id)}`),
  resolveFlag: (id, requestId, resolution, note, requestReversal) =>
    call('POST', `/v1/flags/${e(id)}:resolve`, { requestId, flagId: id, resolution, note, requestReversal }),
};
