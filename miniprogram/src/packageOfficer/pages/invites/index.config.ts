export default definePageConfig({
  navigationBarTitleText: '邀请经办人员',
});
