// Click-to-seek: chapter and finding times jump the player there and play.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-seek]");
  const player = document.getElementById("player");
  if (!button || !player) return;
  player.currentTime = parseFloat(button.dataset.seek);
  player.play().catch(() => {});  // autoplay policies may refuse; the position is set anyway
  player.scrollIntoView({ block: "nearest" });
});
