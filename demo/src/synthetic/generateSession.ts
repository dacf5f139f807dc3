import type { RumBatch, RumEvent } from '@vigil/protocol'
import { searchTerms } from '../service/products.js'

/** An OTLP/JSON span as `POST /v1/traces` takes it (ids in hex, times as decimal strings). */
export interface OtlpJsonSpan {
  traceId: string
  spanId: string
  parentSpanId: string
  name: string
  kind: number
  startTimeUnixNano: string
  endTimeUnixNano: string
  attributes: { key: string; value: { stringValue?: string; intValue?: string } }[]
  status: { code: number; message?: string }
}

/** One synthetic visit: its RUM batch and its backend spans by (service, host). */
export interface SyntheticSession {
  rum: RumBatch
  spans: { service: string; host: string; span: OtlpJsonSpan }[]
}

/** Failure rates and funnel of the synthetic shop (exported data, so docs and tests can quote it). */
export const syntheticProfile = {
  journeys: { search: 0.5, checkout: 0.3, login: 0.2 },
  checkoutSteps: ['cart', 'shipping', 'payment', 'confirmation'],
  /** Share of users leaving at each checkout step. */
  checkoutDropOff: 0.12,
  /** Declined cards (402: the journey fails, no span is an error). */
  paymentFailure: 0.008,
  loginFailure: 0.003,
  /** Server errors (500) of any API call. */
  apiError: 0.0005,
  /** Visits on a slow device or network: slower LCP and INP. */
  slowShare: 0.04,
} as const

const hex = (random: () => number, bytes: number) => {
  let out = ''
  for (let i = 0; i < bytes; i++)
    out += Math.floor(random() * 256)
      .toString(16)
      .padStart(2, '0')
  return out
}

const ns = (ms: number) => `${BigInt(Math.round(ms * 1000)) * 1000n}`

/** Where each API call of the shop goes: the gateway route, the backend service and route, the table. */
const calls = {
  search: ['GET /api/products', 'catalog', 'GET /products', 'SELECT products'],
  product: ['GET /api/products/:id', 'catalog', 'GET /products/:id', 'SELECT products'],
  cart: ['POST /api/cart', 'cart', 'POST /carts/:cart/items', 'INSERT cart_items'],
  pay: ['POST /api/pay', 'payment', 'POST /pay', 'INSERT orders'],
  login: ['POST /api/login', 'gateway', '', ''],
} as const

/**
 * Generates one visit starting at `start` (epoch ms) from the PRNG: page views, vitals, journey steps
 * with realistic drop-off and failures, an occasional error, and the backend trace of every API call.
 */
export const generateSession = (random: () => number, start: number, sessionNo: number): SyntheticSession => {
  const session = `syn-${sessionNo.toString(36)}-${hex(random, 4)}`
  const events: RumEvent[] = []
  const spans: SyntheticSession['spans'] = []
  let t = start
  let view = ''
  let eventNo = 0
  const base = () => ({ id: `${session}-${eventNo++}`, time: Math.round(t), view, sampleRate: 1 })
  const slow = random() < syntheticProfile.slowShare
  const page = (url: string) => {
    view = `${session}-v${eventNo}`
    events.push({ ...base(), type: 'page_view', kind: events.length === 0 ? 'navigation' : 'route', url })
    const lcp = slow ? 2000 + random() * 2500 : 700 + random() * 1500
    for (const [name, value] of [
      ['TTFB', 80 + random() * 400],
      ['FCP', 400 + random() * 1200],
      ['LCP', lcp],
      ['CLS', random() * 0.15],
      ['INP', 40 + random() * (slow ? 400 : 180)],
    ] as const) {
      const rating =
        name === 'LCP' ? (value <= 2500 ? 'good' : value <= 4000 ? 'needs-improvement' : 'poor') : 'good'
      events.push({
        ...base(),
        type: 'web_vital',
        name,
        metricId: `${view}-${name}`,
        value,
        delta: value,
        rating,
        navigationType: 'navigate',
      })
    }
    t += 1500 + random() * 6000
  }
  let journeyId = ''
  let journeyName = ''
  let journeyStart = 0
  let step = ''
  const journey = (
    status: 'started' | 'completed' | 'failed' | 'abandoned',
    stepName?: string,
    reason?: string,
  ) => {
    if (stepName) step = stepName
    events.push({
      ...base(),
      type: 'journey',
      journey: journeyName,
      journeyId,
      ...(stepName ? { step: stepName } : {}),
      status,
      duration: Math.round(t - journeyStart),
      ...(reason ? { reason } : {}),
    })
  }
  const begin = (name: string) => {
    journeyName = name
    journeyId = `${session}-j`
    journeyStart = t
    journey('started')
  }
  const api = (call: keyof typeof calls, fail = false): boolean => {
    const [gatewayRoute, service, route, db] = calls[call]
    const traceId = hex(random, 16)
    // Calls made before a journey starts carry no journey, as the browser's baggage would not.
    const attrs = (extra: Record<string, string | number>) =>
      Object.entries({
        'journey.name': journeyName,
        'journey.step': step,
        'session.id': session,
        ...extra,
      })
        .filter(([, value]) => value !== '')
        .map(([key, value]) => ({
          key,
          value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value },
        }))
    const declined = call === 'pay' && fail
    const failed = fail || random() < syntheticProfile.apiError
    const dbMs = 1 + random() * (slow ? 60 : 8)
    const backendMs = dbMs + 2 + random() * 10
    const totalMs = backendMs + 3 + random() * 15
    const code = declined ? 402 : call === 'login' && fail ? 401 : failed ? 500 : 200
    const span = (
      svc: string,
      host: string,
      name: string,
      kind: number,
      parent: string,
      at: number,
      ms: number,
      extra: Record<string, string | number>,
    ) => {
      const spanId = hex(random, 8)
      spans.push({
        service: svc,
        host,
        span: {
          traceId,
          spanId,
          parentSpanId: parent,
          name,
          kind,
          startTimeUnixNano: ns(at),
          endTimeUnixNano: ns(at + ms),
          attributes: attrs(extra),
          // OTel marks server spans as errors on 5xx only; a 4xx is the client's doing.
          status: code >= 500 && kind !== 3 ? { code: 2, message: `HTTP ${code}` } : { code: 0 },
        },
      })
      return spanId
    }
    const gateway = span('gateway', 'demo-host-a', gatewayRoute, 2, '', t, totalMs, {
      'http.route': gatewayRoute.split(' ')[1] ?? '',
      'http.response.status_code': code,
    })
    if (service !== 'gateway') {
      const host =
        service === 'catalog'
          ? random() < 0.5
            ? 'demo-host-a'
            : 'demo-host-b'
          : service === 'cart'
            ? 'demo-host-a'
            : 'demo-host-b'
      const server = span(service, host, route, 2, gateway, t + 2, backendMs, {
        'http.route': route.split(' ')[1] ?? '',
        'http.response.status_code': code,
      })
      span(service, host, db, 3, server, t + 3, dbMs, {
        'db.system.name': 'duckdb',
        'db.operation.name': db.split(' ')[0] ?? '',
      })
    }
    t += totalMs
    return !failed
  }

  const r = random()
  const { journeys: mix } = syntheticProfile
  if (r < mix.search) {
    page('/search')
    begin('search')
    journey('started', 'query')
    api('search')
    if (random() < 0.7) {
      page('/product/:id')
      journey('started', 'product')
      api('product')
      journey('completed', 'product')
    } else journey('abandoned', 'query')
  } else if (r < mix.search + mix.checkout) {
    page('/product/:id')
    api('product')
    api('cart')
    begin('checkout')
    let completed = true
    for (const [i, name] of syntheticProfile.checkoutSteps.entries()) {
      page(name === 'confirmation' ? '/confirmation/:order' : `/${name === 'shipping' ? 'checkout' : name}`)
      journey('started', name)
      if (name === 'payment') {
        const declined = random() < syntheticProfile.paymentFailure
        if (!api('pay', declined)) {
          journey('failed', name, 'card declined')
          completed = false
          break
        }
      } else if (i < 2 && random() < syntheticProfile.checkoutDropOff) {
        journey('abandoned', name)
        completed = false
        break
      }
    }
    if (completed) journey('completed', 'confirmation')
  } else {
    page('/login')
    begin('login')
    journey('started', 'form')
    if (api('login', random() < syntheticProfile.loginFailure)) {
      page('/account')
      journey('completed', 'account')
    } else journey('failed', 'form', 'wrong user name or password')
  }
  if (random() < 0.03) {
    events.push({
      ...base(),
      type: 'error',
      errorType: 'TypeError',
      message: `Cannot read properties of undefined (reading '${searchTerms[Math.floor(random() * searchTerms.length)]}')`,
      stack: [{ fn: 'renderProduct', file: '/assets/app.js', line: 1, col: 4711 }],
      handled: false,
      fingerprint: 'syn-typeerror',
    })
  }
  return {
    rum: {
      meta: {
        v: 1,
        app: 'shop',
        key: 'demo-shop-key',
        release: '1.0.0',
        environment: 'demo',
        session,
        sentAt: Math.round(t),
        sdk: { name: '@vigil/demo-synthetic', version: '0.1.0' },
        sampleRate: 1,
      },
      events,
    } as RumBatch,
    spans,
  }
}
