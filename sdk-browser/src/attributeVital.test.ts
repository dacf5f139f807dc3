import { describe, expect, it } from 'vitest'
import { attributeVital } from './attributeVital.js'
import { describeTarget, type ElementLike } from './describeTarget.js'

const el = (tagName: string, attrs: Record<string, string> = {}, parent?: ElementLike): ElementLike => ({
  tagName,
  id: attrs.id ?? '',
  classList: attrs.class ? attrs.class.split(' ') : [],
  getAttribute: (n) => attrs[n] ?? null,
  parentElement: parent ?? null,
})
const scrub = (u: string) => u.split('?')[0]!

describe('describeTarget', () => {
  it('describes an element and its ancestors without text, stopping at an id', () => {
    const main = el('MAIN', { id: 'content' })
    const card = el('DIV', { class: 'card product featured' }, main)
    const button = el('BUTTON', { class: 'btn', name: 'buy' }, card)
    expect(describeTarget(button)).toBe('main#content>div.card.product>button.btn[name="buy"]')
  })
  it('prefers an explicit data-vigil-name and masks numbers and e-mails', () => {
    expect(describeTarget(el('A', { 'data-vigil-name': 'add-to-cart' }))).toBe(
      '[data-vigil-name="add-to-cart"]',
    )
    expect(describeTarget(el('DIV', { id: 'user-1234567' }))).toBe('div#user-<num>')
    expect(describeTarget(null)).toBeUndefined()
  })
})

describe('attributeVital', () => {
  const describe_ = describeTarget
  it('breaks LCP into TTFB, resource load delay, load duration and render delay', () => {
    const a = attributeVital(
      'LCP',
      2000,
      [{ startTime: 2000, element: el('IMG', { id: 'hero' }), url: 'https://cdn.test/hero.jpg?v=1' }],
      describe_,
      scrub,
      () => ({ ttfb: 300, resource: { start: 500, end: 1400 } }),
    )
    expect(a).toEqual({
      target: 'img#hero',
      url: 'https://cdn.test/hero.jpg',
      timeToFirstByte: 300,
      resourceLoadDelay: 200,
      resourceLoadDuration: 900,
      elementRenderDelay: 600,
    })
  })
  it('gives a text LCP element all time after TTFB as render delay', () => {
    const a = attributeVital('LCP', 1000, [{ startTime: 1000, element: el('H1') }], describe_, scrub, () => ({
      ttfb: 200,
    }))
    expect(a).toMatchObject({
      target: 'h1',
      resourceLoadDelay: 0,
      resourceLoadDuration: 0,
      elementRenderDelay: 800,
    })
  })
  it('splits INP into input delay, processing and presentation across the interaction entries', () => {
    const target = el('BUTTON', { id: 'pay' })
    const a = attributeVital(
      'INP',
      300,
      [
        {
          name: 'pointerdown',
          startTime: 100,
          duration: 300,
          processingStart: 140,
          processingEnd: 160,
          target,
        },
        { name: 'click', startTime: 100, duration: 300, processingStart: 170, processingEnd: 330, target },
      ],
      describe_,
      scrub,
      () => ({ ttfb: 0 }),
    )
    expect(a).toEqual({
      target: 'button#pay',
      interactionType: 'pointer',
      inputDelay: 40,
      processingDuration: 190,
      presentationDelay: 70,
    })
    expect(
      attributeVital('INP', 1, [{ name: 'keydown', startTime: 0 }], describe_, scrub, () => ({ ttfb: 0 })),
    ).toMatchObject({
      interactionType: 'keyboard',
    })
  })
  it('names the largest CLS shift and its source', () => {
    const a = attributeVital(
      'CLS',
      0.3,
      [
        { startTime: 100, value: 0.05, sources: [] },
        { startTime: 900, value: 0.25, sources: [{ node: null }, { node: el('DIV', { class: 'ad' }) }] },
      ],
      describe_,
      scrub,
      () => ({ ttfb: 0 }),
    )
    expect(a).toEqual({ target: 'div.ad', largestShiftValue: 0.25, largestShiftTime: 900 })
  })
  it('has nothing to say without entries or for FCP and TTFB', () => {
    expect(attributeVital('CLS', 0, [], describe_, scrub, () => ({ ttfb: 0 }))).toBeUndefined()
    expect(
      attributeVital('FCP', 900, [{ startTime: 900 }], describe_, scrub, () => ({ ttfb: 0 })),
    ).toBeUndefined()
  })
})
