import { Text } from '@tarojs/components';
import { keepTogether } from '../../components/Nowrap';

// Dates (2024-07-15) and amounts (¥12,000.50) in the server's sentences.
const WHOLE = /(\d{4}-\d{2}-\d{2}|¥[\d,]+(?:\.\d+)?)/;

/** A sentence from the server with its dates and amounts never split across lines. */
export function Unbroken({ text, className }: { text: string; className?: string }) {
  const parts = text.split(WHOLE);
  return (
    <Text className={className}>
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          <Text key={i} className="nowrap">
            {p}
          </Text>
        ) : (
          keepTogether(p)
        ),
      )}
    </Text>
  );
}
