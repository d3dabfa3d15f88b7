import type { ReactNode } from 'react';
import { Cell } from '@nutui/nutui-react-taro';
import { ArrowRight } from '@nutui/icons-react-taro';
import './LinkCell.css';

/** A tappable row: NutUI's Cell with the chevron that tells people it leads somewhere. */
export function LinkCell(props: {
  className?: string;
  title: ReactNode;
  description?: ReactNode;
  extra?: ReactNode;
  onClick: () => void;
}) {
  const { className, title, description, extra, onClick } = props;
  return (
    <Cell
      className={`link-cell ${className ?? ''}`}
      title={title}
      description={description}
      extra={
        <>
          {extra}
          <ArrowRight className="link-cell__arrow" size={14} color="#a0a6b0" />
        </>
      }
      align="center"
      clickable
      onClick={onClick}
    />
  );
}
