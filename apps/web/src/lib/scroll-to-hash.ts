import { useEffect } from 'react';
import { useLocation } from 'react-router';

/**
 * Brings the element the URL's #hash names into view and focus once it exists: links from the
 * inbox open a timeline entry or a section that is only drawn after its data loads, so the
 * browser's own jump (at page load) finds nothing. `ready` changes when the content may have come.
 */
export function useScrollToHash(ready: unknown): void {
  const { hash } = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `ready` is the trigger
  useEffect(() => {
    if (!hash) return;
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target) return;
    target.scrollIntoView({ block: 'center' });
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
    target.classList.add('is-target');
  }, [hash, ready]);
}
