/**
 * Languages: each element renders in Simplified Chinese under a `lang="zh-CN"` ancestor with no English word left
 * (the catalogue's completeness, checked on what a reader sees and hears: text, aria labels, titles, placeholders),
 * in English without a Chinese character, follows its nearest `lang` (its own, an ancestor's, <html>'s), and changes
 * language live when that attribute changes.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import { loadCatalogue } from '../../src/elements/base/localize.js';
import { eventOnce, elementSuite, frames, itBackendIndependent } from '../helpers.js';

/** Words a Chinese page keeps in Latin letters: model, dataset and backend names, math (z_a is "za" to a regexp). An author's #id is theirs. */
const LATIN_OK = new Set([
  'DCGAN', 'GAN', 'GANs', 'VAE', 'VAEs', 'PixelCNN', 'PixelRNN', 'MNIST', 'EMA', 'ELBO', 'KL', 'NLL', 'GPU', 'CPU',
  'WebGL', 'WebGPU', 'wasm', 'webgl', 'webgpu', 'cpu', 'TensorFlow', 'js', 'JSON', 'log', 'exp', 'max', 'min', 'SwiftShader',
  'LSTM', 'RNN', 'CNN', 'AE', 'ReLU', 'Adam', 'Fréchet', 'za', 'zb',
]);

/** Everything a reader sees or hears in an element: text (in every shadow root below it) and the labelling attributes. */
function readerText(root: Element | ShadowRoot): string[] {
  const out: string[] = [];
  const visit = (node: Node) => {
    if (node instanceof HTMLStyleElement || node instanceof HTMLScriptElement) return;
    if (node.nodeType === Node.TEXT_NODE) {
      const t = node.textContent?.trim();
      if (t) out.push(t);
      return;
    }
    if (node instanceof Element) {
      for (const a of ['aria-label', 'aria-description', 'aria-valuetext', 'title', 'placeholder', 'alt']) {
        const v = node.getAttribute(a)?.trim();
        if (v) out.push(v);
      }
      if (node.shadowRoot) node.shadowRoot.childNodes.forEach(visit);
    }
    node.childNodes.forEach(visit);
  };
  root.childNodes.forEach(visit);
  return out;
}

const englishWords = (texts: string[]) => texts.flatMap((t) => (t.replace(/#[\w-]+/g, '').match(/[A-Za-zÀ-ÿ]{2,}/g) ?? []).filter((w) => !LATIN_OK.has(w)).map((w) => `${w} (in "${t.slice(0, 80)}")`));
const han = (texts: string[]) => texts.filter((t) => /\p{Script=Han}/u.test(t));

const ELEMENTS: [string, Record<string, string>][] = [
  ['vae-latent-grid', { grid: '4' }],
  ['gan-interpolator', { steps: '4' }],
  ['pixelcnn-autocomplete', { samples: '2' }],
  ['gan-trainer', { 'batch-size': '8' }],
];

async function place(tag: string, attrs: Record<string, string>, parent: HTMLElement): Promise<HTMLElement> {
  const el = document.createElement(tag);
  el.setAttribute('loading', 'eager');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  const loaded = Promise.race([eventOnce(el, 'model-load'), eventOnce(el, 'model-error')]);
  parent.append(el);
  expect((await loaded).type).to.equal('model-load');
  return el;
}

async function settle(el: HTMLElement): Promise<void> {
  await loadCatalogue('zh-CN');
  await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  await frames(3);
}

describe('languages: every element speaks English and Simplified Chinese, following the nearest lang', function () {
  elementSuite();
  afterEach(() => document.documentElement.removeAttribute('lang'));

  for (const [tag, attrs] of ELEMENTS) {
    itBackendIndependent(`<${tag}> in zh-CN leaves no English word; in en no Chinese; a live switch of lang follows`, async () => {
      const section = Object.assign(document.createElement('section'), { lang: 'zh-CN' });
      document.body.append(section);
      const el = await place(tag, attrs, section);
      await settle(el);
      const zh = readerText(el.shadowRoot!);
      expect(han(zh).length, `Chinese text in <${tag}>`).to.be.above(3);
      expect(englishWords(zh), `English words left in <${tag}> under lang="zh-CN"`).to.deep.equal([]);

      section.lang = 'en';
      await settle(el);
      const en = readerText(el.shadowRoot!);
      expect(han(en), `Chinese left in <${tag}> after lang became "en"`).to.deep.equal([]);
      expect(en.join(' ')).to.match(/[A-Za-z]{3,}/);

      section.lang = 'zh';
      await settle(el);
      expect(englishWords(readerText(el.shadowRoot!)), 'back to Chinese (lang="zh")').to.deep.equal([]);
    });
  }

  itBackendIndependent('the nearest lang wins: the element\'s own, then an ancestor\'s, then <html lang>; side by side on one page', async () => {
    document.documentElement.lang = 'zh-CN';
    const plain = await place('gan-trainer', { 'batch-size': '8' }, document.body);
    const own = await place('gan-trainer', { 'batch-size': '8', lang: 'en' }, document.body);
    await settle(plain);
    await settle(own);
    expect(han(readerText(plain.shadowRoot!)).length, '<html lang="zh-CN"> alone makes it Chinese').to.be.above(3);
    expect(han(readerText(own.shadowRoot!)), 'its own lang="en" wins over <html>').to.deep.equal([]);
    own.removeAttribute('lang');
    await settle(own);
    expect(han(readerText(own.shadowRoot!)).length, 'without its own lang it follows <html>').to.be.above(3);
    document.documentElement.lang = 'en-GB';
    await settle(plain);
    expect(han(readerText(plain.shadowRoot!)), '<html lang> changed live to en-GB').to.deep.equal([]);
  });

  itBackendIndependent('a model-error message is in the element\'s language', async () => {
    const section = Object.assign(document.createElement('section'), { lang: 'zh-CN' });
    document.body.append(section);
    await loadCatalogue('zh-CN');
    const el = document.createElement('gan-trainer');
    el.setAttribute('loading', 'eager');
    el.setAttribute('src', '/tests/fixtures/missing-shard/model.json');
    const failed = eventOnce<CustomEvent<{ message: string }>>(el, 'model-error');
    section.append(el);
    const { detail } = await failed;
    expect(detail.message, 'the event').to.match(/\p{Script=Han}/u);
    await settle(el);
    const status = el.shadowRoot!.querySelector('[part=status]')!.textContent!;
    expect(status, 'the status line').to.match(/\p{Script=Han}/u);
  });
});
