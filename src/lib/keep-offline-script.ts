// The inline script that registers the service worker (src/components/KeepOffline.astro).
// Its text is the same on every page, the language riding in a data attribute, so one
// hash in the policy allows it: Astro hashes the scripts it bundles, not inline ones, so
// astro.config.mjs adds this one's (docs/decisions/135-offline-guides.md). It waits for
// `load`, and does nothing when the reader asked the browser to save data.
// No imports: the build config reads it.
export const keepOfflineScript =
  '(function(){var n=navigator,c=n.connection,l=document.currentScript.dataset.lng;if(!("serviceWorker" in n)||(c&&c.saveData))return;addEventListener("load",function(){n.serviceWorker.register("/sw.js?lng="+l,{scope:"/"}).catch(function(){})})})();';
