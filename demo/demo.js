// Shows the latent vector of the last selected cell (the latent-select event), to show the event API.
// In the page's language: Chinese where <html lang> is zh…, English otherwise.
const out = document.querySelector('.last-selected');
const chinese = () => document.documentElement.lang.trim().toLowerCase().startsWith('zh');
document.addEventListener('latent-select', (e) => {
  const z = e.detail.z.map((v) => v.toFixed(2)).join(', ');
  const row = e.detail.row + 1, column = e.detail.column + 1;
  out.textContent = chinese()
    ? `已选第 ${row} 行第 ${column} 列：z = (${z})`
    : `Selected row ${row}, column ${column}: z = (${z})`;
});
document.addEventListener('model-error', (e) => console.warn('model-error:', e.detail.message));
