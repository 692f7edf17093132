import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/index.js';

/**
 * Every element speaks English and Simplified Chinese. It follows its nearest `lang` attribute — its own, else an
 * ancestor's, else `<html lang>` — and changes language live when that attribute changes. No configuration: the
 * Chinese catalogue loads the first time an element needs it.
 */
const meta: Meta = {
  title: 'Languages/gan-interpolator',
  parameters: { docs: { description: { component: 'An element follows the `lang` of its nearest ancestor, live.' } } },
};
export default meta;

type Story = StoryObj;

/** Buttons that switch the `lang` of the element's section: the captions, labels and status line follow at once. */
export const SwitchLive: Story = {
  name: 'Switch language live',
  render: () => {
    const set = (lang: string) => (e: Event) => {
      const root = (e.target as HTMLElement).closest('.languages')!;
      root.querySelector('section')!.lang = lang;
      root.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.lang === lang)));
    };
    return html`<div class="languages">
      <div role="group" aria-label="Language / 语言">
        <button data-lang="en" aria-pressed="false" @click=${set('en')}>English</button>
        <button data-lang="zh-CN" aria-pressed="true" @click=${set('zh-CN')}>中文</button>
      </div>
      <section lang="zh-CN"><gan-interpolator loading="eager"></gan-interpolator></section>
    </div>`;
  },
};

/** One page, two languages: each element follows its own nearest `lang`. */
export const SideBySide: Story = {
  name: 'Side by side',
  render: () => html`<div lang="en"><gan-interpolator loading="eager" steps="6"></gan-interpolator></div>
    <div lang="zh-CN"><gan-interpolator loading="eager" steps="6"></gan-interpolator></div>`,
};
