export default definePageConfig({ navigationBarTitleText: '补助申请' });
