// Paints styled lines. Every segment goes through `clean` here — the one place where text
// reaches Ink — and each line is cut at the terminal width with `…`, never wrapped.
import { Box, Text } from 'ink';
import { createContext, useContext } from 'react';
import { clean } from './display.js';
import type { Line, Seg } from './view.js';

/** Whether styles are painted (NO_COLOR / FORCE_COLOR / TTY, decided once by the caller). */
export const ColorContext = createContext(true);

function Segment({ seg }: { seg: Seg }) {
  const color = useContext(ColorContext);
  const text = clean(seg.text);
  if (!color) return <Text>{text}</Text>;
  return (
    <Text color={seg.color} dimColor={seg.dim} bold={seg.bold}>
      {text}
    </Text>
  );
}

export function LineView({ line, width }: { line: Line; width: number }) {
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate-end">{line.length === 0 ? ' ' : line.map((seg, i) => <Segment key={i} seg={seg} />)}</Text>
    </Box>
  );
}

/** `height` lines of `lines` starting at `start` (padded, so the frame keeps its height). */
export function LinesView({ lines, start, height, width }: { lines: readonly Line[]; start: number; height: number; width: number }) {
  const shown = lines.slice(start, start + height);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {shown.map((line, i) => (
        <LineView key={start + i} line={line} width={width} />
      ))}
    </Box>
  );
}

/** First line to show so that `focus` stays visible, roughly centred. */
export function windowStart(total: number, focus: number, height: number): number {
  if (total <= height) return 0;
  return Math.max(0, Math.min(total - height, focus - Math.floor(height / 2)));
}
