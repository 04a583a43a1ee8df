// The first frame of the session: the walk of the repository, with a live count, so a large
// tree never looks frozen. Detection then continues on the App's own scanning screen.
import { Box, Text } from 'ink';
import { Spinner } from './Spinner.js';

export function Walking({ walked }: { walked: number }) {
  return (
    <Box>
      <Spinner />
      <Text> Scanning: {walked.toLocaleString('en-US')} {walked === 1 ? 'entry' : 'entries'} walked…</Text>
    </Box>
  );
}
