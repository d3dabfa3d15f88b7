import { Text } from '@tarojs/components';

/**
 * A period whose dates never break across lines: each date is kept whole (white-space: nowrap),
 * and the line may only wrap around 至.
 */
export function Period({
  period,
  className,
}: {
  period: { start: string; end: string };
  className?: string;
}) {
  return (
    <Text className={`period ${className ?? ''}`}>
      <Text className="nowrap">{period.start}</Text> 至 <Text className="nowrap">{period.end}</Text>
    </Text>
  );
}

/**
 * Chinese dates and amounts written with spaces ("12 月 3 日", "20 元") kept together: the
 * spaces inside become no-break spaces and the group is one nowrap run.
 */
export function keepTogether(text: string): string {
  return text.replace(
    /(\d+)\s*(年|月|日|元|万元|个工作日|天|%)(?:\s*(\d+)\s*(月|日))?(?:\s*(\d+)\s*(日))?/g,
    // No-break spaces for the spaces; a word joiner (U+2060) where digit meets character.
    (m) => m.replace(/\s+/g, '\u00a0').replace(/(\d)([^\d\u00a0])/g, '$1\u2060$2'),
  );
}
