import { Anchor, Badge, createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/** Flemish-government blue; shades 6–9 reach 4.5:1 on white for text (WCAG 2.1 AA). */
const efro: MantineColorsTuple = ['#e8f0fa', '#cfdcee', '#9eb8dc', '#6a92ca', '#4173bb', '#2a60b2', '#1c4f8a', '#164273', '#10345c', '#0a2645'];

export const theme = createTheme({
  primaryColor: 'efro',
  primaryShade: 7,
  colors: { efro },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif',
  defaultRadius: 'sm',
  focusRing: 'always',
  // People who asked their system for less motion get dialogs and menus without animation.
  respectReducedMotion: true,
  components: {
    // Links inside text must not rely on colour alone (WCAG 1.4.1).
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
    // A state or deadline is read in full: Mantine cuts a badge's label off with an ellipsis
    // where its column is narrow; shown whole, the column takes its width.
    Badge: Badge.extend({ styles: { root: { overflow: 'visible' }, label: { overflow: 'visible' } } }),
  },
});

/**
 * Mantine's default "dimmed" grey and error red are below 4.5:1 on white; these darker shades
 * keep hints and error messages readable (WCAG 1.4.3).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#555c63',
    '--mantine-color-error': '#c0262d',
    '--mantine-color-placeholder': '#5f666d',
  },
  dark: {},
});
