export default definePageConfig({
  navigationBarTitleText: '普惠名额',
});
