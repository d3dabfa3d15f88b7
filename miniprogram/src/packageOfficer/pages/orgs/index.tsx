import { PageLoading } from '../../../components/PageState';

export default function Placeholder() {
  return <PageLoading />;
}
