export default definePageConfig({ navigationBarTitleText: '填写补助申请' });
