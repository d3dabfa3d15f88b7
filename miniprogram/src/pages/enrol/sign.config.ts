export default definePageConfig({
  navigationBarTitleText: '签名确认',
  // Writing on the pad must not drag the page.
  disableScroll: true,
});
