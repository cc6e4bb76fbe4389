/** JSON for a `<script type="application/ld+json">`, safe inside HTML (no `</script>` breakout). */
export function jsonLd(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
