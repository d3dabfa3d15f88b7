export default definePageConfig({
  navigationBarTitleText: '重大疾病鉴定会',
});
