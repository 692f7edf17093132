// Shows the latent vector of the last selected cell (the latent-select event), to show the event API.
const out = document.querySelector('.last-selected');
document.addEventListener('latent-select', (e) => {
  const z = e.detail.z.map((v) => v.toFixed(2)).join(', ');
  out.textContent = `Selected row ${e.detail.row + 1}, column ${e.detail.column + 1}: z = (${z})`;
});
document.addEventListener('model-error', (e) => console.warn('model-error:', e.detail.message));
