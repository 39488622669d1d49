// 一码通城 subpackage entry page: says plainly that the feature is not open yet and what to do meanwhile.
import ComingSoon from '../../../../components/coming-soon'

export default function CityCodePage() {
  return (
    <ComingSoon
      title='一码通城'
      description='一个动态二维码，用于乘车、图书借阅、电子社保卡和医保电子凭证，断网时也能出示。'
      meanwhile={[
        '继续使用各自原有的乘车码、社保卡和医保电子凭证',
      ]}
    />
  )
}
